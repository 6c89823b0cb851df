# mspkit 的简体中文消息。
#
# 与 en.ftl 一一对应：每个错误代码一条 `error-<code>`（属性与英文相同），其后是警告、
# 短语、表格中的取值和命令行各命令的标签。测试会比较两个文件的消息 ID 与属性。

### Errors

## billing

error-amount_invalid = `{ $input }` 不是以美元和美分表示的金额，应写成 `1234.50` 这样的形式
error-amount_overflow = 该金额超出了可精确表示的金额范围
error-billing_change_mismatch = 变更 `{ $change }` 与订阅不符：{ $detail }
error-billing_change_out_of_order = 变更 `{ $change }` 不能由订阅的当前状态得出
error-billing_date_out_of_range = 该日期超出了支持的范围
error-cancel_too_early = 未付款的订阅要到 `{ $cancels_on }` 才会取消，不能提前
error-client_reference_invalid = 客户参考编号 `{ $reference }` 须为 1 到 64 个字符，且不含控制字符
error-date_before_subscription = `{ $date }` 早于订阅覆盖的第一天 `{ $start }`
error-date_outside_period = `{ $date }` 不在 `{ $start }` 至 `{ $end }` 的计费周期内
error-discount_invalid = `{ $input }` 不是 0 到 100 之间、最多两位小数的折扣百分比，应写成 `12.5` 这样的形式
error-invoice_already_open = `{ $issued_on }` 开具的发票仍未结清，须先付款
error-invoice_not_overdue = 未结发票的到期日为 `{ $due_on }`，在其次日之前不算逾期
error-no_consolidated_billing = 经销商没有提供商合并计费，其客户按组织分别计费
error-no_open_invoice = 该订阅没有未结发票
error-no_subscription = 提供商尚无订阅，请先开始订阅
error-period_invalid = `{ $input }` 不是月份；请写成年份加月份，例如 `2026-11`
error-plan_not_billed = 计划 `{ $plan }` 不在提供商合并计费中计费；请使用 `teams_monthly`、`enterprise_monthly` 或 `enterprise_annually`
error-price_negative = 计划 `{ $plan }` 的价格不能为负数（`{ $price }`）
error-psa_header_invalid = 无法识别 PSA 导出文件的表头：{ $detail }
error-psa_row_invalid = PSA 导出文件的第 { $row } 行无效：{ $detail }
error-psa_too_many_rows = PSA 导出文件超过 { $limit } 行；请拆分文件，或只保留密码管理器的协议
error-subscription_already_started = 提供商的订阅已经开始；只有在取消之后才能开始新的订阅
error-subscription_cancelled = 订阅已于 `{ $on }` 取消，请开始新的订阅
error-subscription_not_unpaid = 该订阅并非未付款状态；只有未付款的订阅才会被取消
error-subscription_start_in_future = 订阅不能从今天之后的 `{ $started_on }` 开始；请在开始当天或之后再记录
error-trial_not_over = 订阅的试用期持续到 `{ $trial_ends_on }`，第一张发票届时开具
error-what_if_client_unknown = `{ $client }` 既不是提供商任何客户的 ID，也不是其名称
error-what_if_invalid = 假设变更无效：{ $detail }

## deployment

error-date_out_of_range = { $what } `{ $date }` 不在 1900-01-01 至 2200-12-31 之间
error-deployment_not_a_client = `{ $client }` 的部署没有对应该提供商的任何客户，请先添加该客户
error-duplicate_client = 客户 `{ $client }` 有两个部署
error-duplicate_phase_number = 阶段编号 `{ $phase }` 被使用了两次
error-duplicate_step_number = 步骤编号 `{ $step }` 被使用了两次
error-empty_catalog = 目录中没有{ $what }
error-empty_phase = 阶段 `{ $phase }` 没有任何步骤
error-event_for_another_client = 该事件属于客户 `{ $client }`，而不是此计划的客户
error-incomplete_event = `{ $kind }` 事件必须写明其 { $missing }
error-invalid_document = 无法读取{ $what }（第 { $line } 行，第 { $column } 列）：{ $message }
    .alt1 = 无法读取{ $what }：{ $message }
error-invalid_duration = { $context }：`{ $input }` 不是正整数分钟数
error-invalid_transition = 步骤 `{ $step }` 当前为「{ $from }」，不能执行「{ $action }」
error-invalid_weekday = `{ $input }` 不是星期几（mon、tue、wed、thu、fri、sat、sun）
error-missing_reason = 跳过步骤 `{ $step }` 或将其标记为受阻时，需要给出原因
error-no_working_days = 日程中没有工作日
error-phase_complete = 阶段 `{ $phase }` 已完成，请先重新打开它
error-phase_has_open_steps = 阶段 `{ $phase }` 仍有未完成的步骤：{ $steps }
error-phase_not_complete = 阶段 `{ $phase }` 尚未完成
error-phase_not_in_catalog = 目录中没有阶段 `{ $phase }`
error-profile_opens_complete_phase = 新的概况会给已完成的阶段 `{ $phase }` 增加未完成的步骤 { $steps }；请先重新打开该阶段
error-profile_unchanged = 客户的概况已经是这一个
error-schedule_out_of_range = 日程超出了可表示的最后日期
error-step_not_applicable = 步骤 `{ $step }` 不适用于该客户
error-steps_out_of_phase_order = 阶段 `{ $phase }` 的步骤 `{ $step }` 排在了后面阶段的步骤之后
error-trusted_devices_without_sso = 受信任设备解密需要 SSO
error-unknown_client = 客户 `{ $client }` 没有部署
error-unknown_phase = 步骤 `{ $step }` 属于未知的阶段 `{ $phase }`
error-unknown_step = 目录中没有步骤 `{ $step }`
error-write_failed = 无法写出{ $what }：{ $message }
error-zero_phase_number = 不允许使用阶段编号 `0`；阶段从 1 开始编号
error-zero_step_number = 不允许使用步骤编号 `0`；步骤从 1 开始编号

## document

error-document_too_large = { $what }超过 { $limit } 字节；如果文件确实无误，请提高上限（`--max-bytes`）
error-duplicate_key = { $what }在第 { $line } 行第 { $column } 列的同一对象中重复了键 `{ $key }`
error-read_failed = 无法读取{ $what }：{ $message }

## email

error-email_empty = 电子邮件地址为空
error-email_invalid = `{ $value }` 不是有效的电子邮件地址
error-email_too_long = 电子邮件地址 `{ $value }` 超过了 256 个字符

## event

error-checkpoint_key_mismatch = 该检查点由密钥 `{ $found }` 签名，而不是所给的公钥
error-checkpoint_mismatch = 该检查点与其之前的日志不符：{ $detail }
error-checkpoint_missing = 日志已到达序号 { $sequence }，却没有该序号的检查点：日志在封存后被改写过
error-checkpoint_signature_invalid = 检查点的签名无法用其公钥验证：该检查点被伪造或改动过
error-event_chain_broken = 该行没有接在 { $previous } 之后：它的 prev 不是那一行的哈希（有行在此处被删除、插入或移动）
error-event_hash_mismatch = 该行在写入后被改动过：它的哈希不是其内容的 SHA-256
error-event_line_too_long = 该行超过 { $limit } 字节，即事件日志单行的上限；没有事件会这么长
error-event_line_unchained = 该行不是第 2 版事件日志的行：它必须写成 {"{"}"hash":"<64 hex>","prev":"<64 hex>","event":…{"}"}（或 "checkpoint"），与 mspkit 写出的格式一致
error-event_log_empty = 事件日志为空，至少需要 `provider_issued` 事件
error-event_log_not_issuing = 提供商的日志应以序号 1 的 `provider_issued` 事件开头，而不是序号 { $sequence } 的 `{ $found }`
error-event_log_schema_unsupported = 不支持第 { $found } 版事件日志架构；此版本的 mspkit 只读取第 1 版和第 2 版
error-event_log_truncated = 日志被截断了：检查点在序号 { $sealed } 处封存了它，但日志止于序号 { $ends }
error-event_log_unchained = 该事件日志是第 { $found } 版架构，其行不带哈希；请将其重写为第 2 版（`mspkit chain LOG`）后再验证或封存
error-event_log_unsealed = 日志中没有可用公钥核对的检查点：请用 `mspkit seal LOG --key FILE` 封存它
error-event_mismatch = 事件 { $sequence }（`{ $change }`）与提供商不符：{ $detail }
error-event_out_of_sequence = 事件 { $found } 没有接在事件 { $last } 之后；下一个应为事件 { $expected }（日志中有缺失或重复）
error-event_wrong_provider = 事件 { $sequence } 属于提供商 `{ $found }`，而不是 `{ $expected }`；只应用该提供商自己的事件
error-provider_already_issued = 事件 { $sequence } 再次签发了提供商；提供商只签发一次，即由其日志的第一个事件签发
error-receipt_key_mismatch = 该退出回执由密钥 `{ $found }` 签名，而不是所给的公钥
error-receipt_signature_invalid = 退出回执的签名验证失败：回执在签名后被改动过，或是伪造的
error-receipt_unsigned = 该退出回执未签名；提供商在解除客户关联时使用 `--key` 签名
error-seal_key_invalid = { $what }不是 mspkit 封存密钥：{ $detail }

## ids

error-invalid_id = `{ $input }` 不是有效的 UUID

## interop

error-reference_ambiguous_plan = 客户 `{ $client }` 的计划名称 `{ $name }` 可能是 { $candidates } 中的任意一个；请提供其计划代码（组织自身的响应中有 `planType`），或为有歧义的名称选择当前版本
error-reference_malformed = { $document } 文档不是有效的参考 JSON：{ $detail }
error-reference_missing_billing_email = 提供商没有计费电子邮件，而其客户需要它；请添加 `billingEmail`
error-reference_missing_fact = 参考文档没有说明{ $what }；{ $hint }
error-reference_missing_plan = 客户 `{ $client }` 没有可识别的计划（`planType`，或参考服务器会写出的 `plan` 名称）；请提供其计划代码
error-reference_unknown_code = `{ $value }` 不是已知的 { $field } 代码
error-reference_wrong_provider = 客户 `{ $client }` 属于提供商 `{ $found }`，而不是 `{ $expected }`

## password

error-derivation_failed = 密钥派生失败：{ $value }
error-kdf_iterations_out_of_range = `{ $field }` 为 { $value }；它必须在 { $min } 到 { $max } 之间
error-kdf_memory_out_of_range = `{ $field }` 为 { $value }；它必须在 { $min } 到 { $max } 之间
error-kdf_parallelism_out_of_range = `{ $field }` 为 { $value }；它必须在 { $min } 到 { $max } 之间
error-password_empty = 密码为空
error-password_too_short = 主密码太短，至少需要 { $minimum } 个字符
error-password_weak = 主密码强度较弱（评分 { $score }，满分 4）；请换一个更强的密码，或接受此警告
error-policy_min_complexity_out_of_range = `{ $field }` 为 { $value }；它必须在 { $min } 到 { $max } 之间
error-policy_min_length_out_of_range = `{ $field }` 为 { $value }；它必须在 { $min } 到 { $max } 之间
error-policy_not_met = 主密码不符合组织的策略：{ $codes }
error-salt_email_empty = 电子邮件为空，而主密钥要用它加盐
error-setting_out_of_range = `{ $field }` 为 { $value }；它必须在 { $min } 到 { $max } 之间
error-unknown_kdf_type = `{ $value }` 不是 KDF 类型代码（0 为 PBKDF2-SHA256，1 为 Argon2id）

## permissions

error-client_not_managed = 组织 `{ $client }` 不是该提供商的客户
    .provider = 该组织不是该提供商的客户
error-client_out_of_scope = 服务用户 `{ $actor }` 未被分配到客户 `{ $client }`，不能{ $what }
    .provider = 服务用户 `{ $actor }` 不能{ $what }
error-member_not_confirmed = 成员 `{ $actor }` 尚未确认，不能{ $what }；须先由提供商管理员确认该成员
error-member_revoked = 成员 `{ $actor }` 已被撤销，不能{ $what }；提供商管理员可以恢复其成员资格
error-not_a_member = `{ $actor }` 不是该提供商的成员，不能{ $what }
error-provider_access_suspended = 提供商的访问已被暂停，因此成员 `{ $actor }` 不能{ $what }；暂停访问的管理员可以恢复它
error-provider_admin_only = 只有提供商管理员才能{ $what }
error-provider_disabled = 提供商已被停用，任何成员都不能{ $what }；请先重新启用它
error-purchase_requires_admin = 此次席位变更所需的席位超出了提供商未分配的席位；只有提供商管理员才能购买席位
error-vault_items_never = 提供商成员永远不能{ $what }；请联系客户组织的成员
error-wrong_target = 要{ $what }，请指定客户组织，而不是提供商
    .provider = 要{ $what }，请指定提供商，而不是客户组织

## policy

error-baseline_conflict = 基线 { $baselines } 同时适用于一个客户，却要求 `{ $subject }` 既为 { $first } 又为 { $second }；没有值能同时满足两者
error-baseline_invalid_exception = { $at }：{ $message }
error-baseline_invalid_value = { $at }：{ $message }
error-baseline_malformed = { $at }：该基线不是有效的 { $format }：{ $message }
error-baseline_missing_setting = { $at }：没有 `{ $setting }` 就不能启用 `{ $kind }`；基线必须给出该设置
error-baseline_too_large = 基线包含超过 { $limit } 个{ $what }；基线应是一份简短的标准加一份经过审核的例外清单，请拆分它
error-baseline_unknown_format = `{ $value }` 既不是 `.toml` 也不是 `.json` 基线
error-baseline_unknown_key = { $at }：未知的键；基线包含 `name`、`description`、`applies_to`、`policies` 和 `exceptions`
error-baseline_unknown_policy = { $at }：`{ $name }` 不是策略
error-baseline_unknown_setting = { $at }：`{ $setting }` 不是 `{ $kind }` 的设置；它的设置有 { $known }
error-duplicate_policy = `{ $kind }` 被列出了两次；一个组织的每种策略最多只有一个
error-invalid_policy_setting = `{ $kind }.{ $setting }` 为 `{ $found }`；它必须是 { $expected }
error-invalid_reference_policy = 参考策略列表无效：{ $value }
error-members_would_lose_access = 启用两步登录会撤销没有主密码的 { $emails }，他们将永久失去访问权限；请先让他们开启两步登录
error-policy_already_enabled = `{ $kind }` 已经启用；请改为修改其设置
error-policy_change_does_not_fit = `{ $kind }` 的变更与组织的策略不符：{ $reason }
error-policy_not_configured = 该组织未配置 `{ $kind }`，请先启用它
error-policy_not_enabled = `{ $kind }` 未启用
error-policy_not_on_plan = `{ $kind }` 需要计划包含 { $feature }，而 `{ $plan }` 不包含；请将该组织升级到企业计划
error-policy_required_by_enabled_policies = `{ $kind }` 是 { $dependents } 的前提；请先停用它们
error-policy_requirements_not_enabled = `{ $kind }` 要求先启用 { $missing }
error-policy_setting_out_of_range = `{ $kind }.{ $setting }` 为 { $value }；它必须在 { $min } 到 { $max } 之间
error-policy_setting_required = 没有 `{ $setting }` 就不能启用 `{ $kind }`
error-policy_setting_too_long = `{ $kind }.{ $setting }` 超过了 { $max_chars } 个字符
error-unknown_policy = `{ $value }` 不是策略
error-unknown_policy_code = `{ $value }` 不是策略类型代码（0 到 22）
error-unknown_policy_setting = `{ $setting }` 不是 `{ $kind }` 的设置

## portfolio

error-portfolio_schema_unsupported = 不支持第 { $found } 版组合文档架构；此版本的 mspkit 读取第 { $oldest } 版到第 { $newest } 版
    .newer = 不支持第 { $found } 版组合文档架构；此版本的 mspkit 读取第 { $oldest } 版到第 { $newest } 版（该文档由更新版本的 mspkit 写出：请升级 mspkit）

## provider

error-access_already_suspended = 提供商的访问已经暂停；再次暂停之前请先恢复它（`resume_access`）
error-access_not_suspended = 提供商的访问没有暂停，无需恢复
error-account_already_member = 账户 `{ $user }` 已经是提供商团队的成员
error-already_member = `{ $email }` 已经是提供商团队的成员
    .batch = { $emails } 已经是提供商团队的成员；请不含这些地址再邀请其他人
error-billing_email_missing = 提供商没有计费电子邮件，而新客户需要沿用它；须先由提供商管理员在设置中填写
error-business_unit_conversion_refused = 组织 `{ $organization }` 无法转为业务部门：{ $problems }
error-cannot_remove_self = 成员 `{ $member }` 不能把自己移出团队；请改为退出提供商
error-client_member_exists = `{ $email }` 已经是客户 `{ $client }` 的成员
error-client_member_not_found = `{ $email }` 不是客户 `{ $client }` 的成员
error-client_name_invalid = 组织名称 `{ $name }` 须为 1 到 50 个字符，且不含控制字符或不可见的格式字符
error-client_not_found = 组织 `{ $client }` 不是该提供商的客户
error-client_state_transition_refused = 客户不能从 `{ $from }` 变为 `{ $to }`；请先将其设为 `active`（见客户生命周期表）
error-client_suspended = 客户 `{ $client }` 已被暂停，任何成员都不能{ $what }；须先由提供商管理员将其恢复为活动状态
    .provider = 已暂停的客户不接受任何管理操作
    .command = 客户 `{ $client }` 已被暂停；须先由提供商管理员将其恢复为活动状态
error-client_tag_invalid = 标签 `{ $tag }` 须为 1 到 32 个字符，每个字符为字母、数字、`-` 或 `_`
error-client_tags_too_many = 一个客户最多只能有 { $limit } 个标签，而不是 { $count } 个
error-delete_needs_admin = 供应商只能删除待处理的提供商；已设立的提供商须由提供商管理员删除
error-duplicate_invite = `{ $email }` 在这批邀请中出现了两次
error-empty_batch = 这批邀请为空；请至少给出一个电子邮件或成员
error-fingerprint_mismatch = 所给的指纹与成员 `{ $member }` 的公钥不符；不要确认该成员
error-foreign_event = 事件 { $sequence } 属于提供商 `{ $provider }`，而不是本提供商；只导出本提供商的事件
error-invalid_member_record = 成员记录 `{ $member }` 无效：{ $detail }
error-invalid_provider_record = 提供商记录无效：{ $detail }
error-invitation_email_mismatch = 邀请发送给的是 `{ $invited }`，而不是 `{ $given }`；请使用受邀地址登录
error-invitation_expired = `{ $email }` 的邀请已过期；请让提供商管理员重新发送
error-invite_batch_too_large = 一批邀请中有 { $count } 个电子邮件；每次最多邀请 { $max } 个
error-last_confirmed_admin = 提供商必须保留至少一名已确认的提供商管理员；请先确认或提升另一名管理员
error-member_already_revoked = 成员 `{ $member }` 已经被撤销
error-member_not_accepted = 成员 `{ $member }` 的状态为 `{ $status }`；只有已接受的成员才能被确认
error-member_not_found = 成员 `{ $member }` 不在提供商团队中
error-member_not_invited = 成员 `{ $member }` 的状态为 `{ $status }`，并非已邀请
error-member_not_revoked = 成员 `{ $member }` 未被撤销
error-no_confirmed_owner = 客户 `{ $client }` 在提供商之外没有已确认的所有者；解除关联前请先确认一位
error-no_free_seats = 客户 `{ $client }` 没有空闲席位（全部 { $seats } 个均已占用）；请先增加席位
error-not_organization_owner = 你必须是组织 `{ $organization }` 的已确认所有者才能添加它
error-organization_already_linked = 组织 `{ $organization }` 已关联到某个提供商
error-organization_uses_secrets_manager = 组织 `{ $organization }` 订阅了机密管理器；添加之前请联系客户支持处理其订阅
error-plan_change_not_supported = 只有业务部门才能以这种方式更改计划，类型为 `{ $kind }` 的提供商不能
error-plan_not_allowed = 类型为 `{ $kind }` 的提供商的客户不能使用计划 `{ $plan }`
error-provider_already_set_up = 提供商已经设立
error-provider_deleted = 提供商已被删除，不再接受任何命令或事件
error-provider_has_clients = 提供商仍有 { $clients } 个客户组织；请先解除关联或删除它们
error-provider_issued_to_unknown = 提供商没有记录签发给谁，因此无人能设立它；须由供应商重新签发
error-provider_name_blank = 提供商名称为空；请取一个 1 到 50 个字符的名称
error-provider_name_too_long = 提供商名称有 { $length } 个字符，上限为 50
error-provider_not_billable = 提供商的状态为 `{ $status }`，不可计费：须先开始订阅，才能变更客户或席位
error-provider_not_set_up = 提供商尚未设立；须先由其第一位管理员完成设立
error-scope_needs_service_user = 成员 `{ $member }` 是提供商管理员；只有服务用户才能限定到特定客户
error-seats_above_limit = 一个客户最多有 { $limit } 个席位；{ $requested } 超出了上限
error-seats_below_occupied = 客户 `{ $client }` 已占用 { $occupied } 个席位，不能只有 { $requested } 个
error-seats_zero = 客户至少需要 1 个席位
error-setting_too_long = `{ $field }` 超过了 { $max } 个字符
error-setup_email_mismatch = 提供商签发给的是 `{ $issued_to }`，而不是 `{ $given }`；须由受签发人本人设立
error-subscription_inactive = 组织 `{ $organization }` 没有有效的订阅
error-suspension_reason_invalid = 暂停访问的原因有 { $length } 个字符；请给出 1 到 500 个字符，且只占一行
error-trial_end_invalid = 在 `{ $today }` 给出的试用期应在当天至其后 90 天内结束，而不是 `{ $until }`
error-version_conflict = 提供商的版本为 { $actual }，而不是 { $expected }：读取之后它已被更改；请重新加载后重试

## token

error-delete_token_expired = 删除令牌在签发一小时后已过期；请重新发起删除
error-delete_token_invalid = 删除令牌对该提供商和管理员无效；请重新发起删除
error-invitation_token_expired = 邀请令牌在发送 120 小时后已过期；请要求重新发送邀请
error-invitation_token_invalid = 邀请令牌对此邀请无效；请要求重新发送邀请
error-setup_token_expired = 提供商设立令牌在签发 120 小时后已过期；请向供应商索取新的令牌
error-setup_token_invalid = 提供商设立令牌对该提供商和地址无效；请向供应商索取新的令牌
error-token_key_too_short = 令牌密钥至少需要 32 个字节，实际为 { $length }；请生成 32 个随机字节并妥善保存

### Warnings of the portfolio report

warning-few_confirmed_admins = 仅有 { $count } 名已确认的提供商管理员：请再确认一名管理员，以免丢失一个账户就锁住提供商
warning-invitation_expired = `{ $email }` 的邀请已过期：请重新发送或移除该成员
warning-awaiting_confirmation = `{ $email }` 已接受邀请，正等待提供商管理员确认
warning-client_full = 客户 `{ $name }` 没有空闲席位：在增加席位之前，新成员都会被拒绝
warning-provider_disabled = 提供商已被停用：在重新启用之前，任何成员都无法操作
warning-not_set_up = 提供商尚未由其第一位管理员完成设立
warning-trial_ending = 客户 `{ $name }` 的试用期将于 { $until } 结束（还剩 { $days } 天）：请将其设为活动状态或暂停
warning-trial_ended = 客户 `{ $name }` 的试用期已于 { $until } 结束，但仍未计费：请将其设为活动状态或暂停

### Phrases inside other messages (an argument equal to one is translated too)

phrase-administer-client = 管理客户组织
phrase-access-client-vault = 访问客户的密码库项目
phrase-create-client = 创建客户组织
phrase-add-existing-client = 添加现有组织
phrase-change-client-seats = 更改客户的席位
phrase-purchase-client-seats = 为客户购买席位
phrase-unlink-client = 解除客户组织的关联
phrase-delete-client = 删除客户组织
phrase-manage-team = 管理提供商的团队
phrase-view-provider-events = 查看提供商的事件日志
phrase-export-provider-events = 导出提供商的事件日志
phrase-edit-provider-settings = 编辑提供商的设置
phrase-delete-provider = 删除提供商
phrase-manage-billing = 管理提供商的计费
phrase-portfolio = 组合文档
phrase-baseline = 基线
phrase-catalogue = 目录
phrase-tax-facts = 税务信息
phrase-event-log = 事件日志
phrase-deployment-portfolio = 部署组合
phrase-client-plan = 客户计划

### Shapes of arguments inside other messages (a baseline's location)

phrase-exact-name = 名称完全相同
phrase-normalised-name = 规范化后名称相同
phrase-what-if-changes = 假设变更
phrase-checkpoint = 检查点
phrase-steps = 步骤
phrase-phases = 阶段
phrase-secret-key = 私钥
phrase-public-key = 公钥
phrase-compliance-report = 合规报告
phrase-tiered-compliance-report = 分层合规报告
phrase-not-started = 未开始
phrase-in-progress = 进行中
phrase-done = 已完成
phrase-skipped = 已跳过
phrase-blocked = 受阻
phrase-started = 开始
phrase-completed = 完成
phrase-reopened = 重新打开
phrase-the-document = 文档
arg-line = 第 { $line } 行
arg-line-key = 第 { $line } 行，`{ $key }`

### Values shown in tables (snake_case names; a name without a message shows as it is)

value-provider_admin = 提供商管理员
value-service_user = 服务用户
value-invited = 已邀请
value-accepted = 已接受
value-confirmed = 已确认
value-revoked = 已撤销
value-msp = MSP
value-reseller = 经销商
value-business_unit = 业务部门
value-pending = 待处理
value-created = 已创建
value-billable = 可计费
value-critical = 严重
value-high = 高
value-medium = 中
value-low = 低
value-trial = 试用
value-not_for_resale = 非转售
value-paused = 已暂停使用
value-suspended = 已暂停
value-monthly = 每月
value-annually = 每年
value-active = 活动

### The command line: shared

cli-error-read = 无法读取 `{ $path }`：{ $reason }
cli-error-write = 无法写入 `{ $path }`：{ $reason }
cli-error-stdout = 无法写入标准输出：{ $reason }
cli-io-not_found = 没有那个文件或目录
cli-io-permission_denied = 权限不够
cli-io-is_a_directory = 是一个目录
cli-io-already_exists = 文件已存在
# 列表各项之间的分隔符。
list-separator = 、
cli-line = 第 { $line } 行
cli-usage = `{ $email }` 不是该提供商的成员
    .two-clients = 有两个客户都叫 `{ $name }`：请给出客户的 ID
    .no-client = `{ $client }` 既不是提供商任何客户的 ID，也不是其名称
    .no-member = --member：提供商没有电子邮件为 `{ $email }` 的成员
    .tax-facts = `{ $path }`：不是税务信息：{ $reason }
    .member-facts = `{ $path }`：不是成员信息：{ $reason }
    .apply-as = `--apply` 会记录事件：请用 `--as EMAIL` 说明由谁记录
    .no-event = 解除关联没有记录任何事件

### mspkit report

report-header = { $name }（{ $kind }，{ $status }{ $disabled }）
report-disabled = ，已停用
report-id = ID { $id }  计费邮箱 { $billing }
report-team = 团队：{ $members } 名成员 — { $confirmed } 名已确认（其中 { $admins } 名管理员），{ $accepted } 名已接受，{ $invited } 名已邀请，{ $revoked } 名已撤销
report-col-email = 电子邮件
report-col-role = 角色
report-col-status = 状态
report-col-clients = 客户
report-invited-expired = 已邀请（已过期）
report-scope-all = 全部
report-clients = 客户：{ $count }
report-col-name = 名称
report-col-plan = 计划
report-col-seats = 席位
report-col-used = 已用
report-col-free = 空闲
report-col-note = 备注
report-note-disabled = 已停用
report-note-full = 已满
report-note-trial = 试用至 { $until }
report-note-bills = 计费 { $count } 个
report-seats-by-plan = 按计划统计的席位：
report-col-minimum = 最低
report-col-assigned = 已分配
report-col-occupied = 已占用
report-col-purchased = 已购买
report-col-unassigned = 未分配
report-billing = 计费：
report-no-warnings = 没有警告。
report-warnings = 警告：{ $count }
report-suspended = [suspended: { $resolution }] 提供商已被暂停：{ $what }
report-suspended-until = [suspended: { $resolution }] 提供商已被暂停：请在订阅于 { $date } 取消之前{ $what }
report-resolution-add_payment_method = 添加付款方式并支付未结发票
report-resolution-contact_administrator = 让提供商管理员支付未结发票
report-resolution-contact_support = 联系客户支持
report-tax-tax_id_missing = 请添加提供商的税号
report-tax-tax_id_pending_verification = 税号正在等待验证
report-tax-tax_id_failed_verification = 税号验证失败：请更正

### mspkit check

check-title = 对照 { $baseline } 的策略合规情况
check-baseline = 基线
check-col-severity = 严重程度
check-col-client = 客户
check-col-finding = 发现
check-col-subject = 策略 / 设置
check-col-expected = 期望值
check-col-actual = 实际值
check-exception-expired = { $actual }（例外已于 { $day } 过期）
check-accepted = 按例外接受：
check-accepted-line = { $client } { $subject }：{ $code }，有效期至 { $expires }（{ $reason }）
check-summary = { $clients } 个客户中有 { $compliant } 个合规；{ $findings } 项发现{ $severities }；{ $accepted } 项按例外接受
check-severity-count = { $severity } { $count } 项

### mspkit check: findings' values and tiers

phrase-enabled = 已启用
phrase-disabled = 已停用
phrase-not-configured = 未配置
phrase-unset = 未设置
finding-not-offered = { $plan } 计划不提供
check-tier = == 层级：{ $baselines }（{ $clients } 个客户）
check-all-selected = 每个客户都有基线选中。
check-unselected = == 没有基线选中的客户：{ $count } 个（每个计一项发现）
check-no-tags = 无标签
check-tags = 标签：{ $tags }

### mspkit deploy

deploy-none = { $today } 的部署：此组合中没有部署
deploy-title = { $today } 的部署（{ $edition }）：{ $clients } 个客户，{ $overdue } 个逾期
deploy-custom-edition = 自定义版本
deploy-col-client = 客户
deploy-col-phase = 阶段
deploy-col-status = 状态
deploy-col-done = 完成
deploy-col-remaining = 剩余
deploy-col-end = 预计结束
deploy-col-due = 截止
deploy-col-overdue = 逾期
deploy-col-blocked = 受阻
deploy-finished = 已完成
deploy-yes = 是
deploy-hours = { $hours } 小时
deploy-phase-not_started = 未开始
deploy-phase-in_progress = 进行中
deploy-phase-blocked = 受阻
deploy-phase-done = 已做完
deploy-phase-complete = 已签收
deploy-step-not_started = 未开始
deploy-step-in_progress = 进行中
deploy-step-done = 已完成
deploy-step-skipped = 已跳过
deploy-step-blocked = 受阻
deploy-not-applicable = 不适用
deploy-not-applicable-was = 不适用（原为{ $status }）
deploy-hosting-cloud = 云端
deploy-hosting-self_hosted = 自托管
deploy-provisioning-manual = 手动邀请
deploy-provisioning-scim = SCIM
deploy-provisioning-directory_connector = Directory Connector
deploy-sso = SSO
deploy-no-sso = 无 SSO
deploy-siem = SIEM
deploy-no-siem = 无 SIEM
deploy-profile = 概况：{ $profile }
deploy-progress = 进度：计划 { $planned } 小时，已完成 { $done } 小时（{ $percent }%），剩余 { $remaining } 小时；预计 { $end } 结束，截止 { $due }{ $overdue }
deploy-progress-overdue = （已逾期）
deploy-phase = 阶段 { $number } { $name } — { $status }（{ $planned } 小时中完成 { $done } 小时；{ $start } 至 { $end }）
deploy-col-number = #
deploy-col-topic = 主题
deploy-col-hours = 小时
deploy-col-by = 执行人
deploy-col-at = 时间
deploy-col-note = 备注
deploy-setup = 初始设置
deploy-setup-item = { $mark } { $task }（{ $source }）
deploy-task-create_collections = 创建集合
deploy-task-import_data = 导入数据
deploy-task-configure_policies = 配置企业策略
deploy-task-set_up_sso = 设置 SSO
deploy-task-create_groups = 创建群组
deploy-task-invite_users = 邀请用户
deploy-source-organization = 组织
deploy-source-plan = 计划
deploy-source-manual = 手动
deploy-source-unknown = 未知

### mspkit seats, invoice, what-if

seats-title = { $provider } 的席位使用情况
seats-col-idle = 闲置
seats-full-mark = 已满
seats-none = 无
seats-full = 已满（新成员会被拒绝，不会自动扩容）：{ $clients }
seats-idle = 闲置席位超过 { $threshold } 个：{ $clients }
invoice-title = { $provider } { $month } 的发票（扣款日 { $charged }）
invoice-issued = 已于 { $on } 开具，金额 { $amount }：下列席位和价格为当时计费的数值
invoice-estimate = 尚未开具：按当前席位估算
invoice-col-price = 单价
invoice-col-subtotal = 小计
invoice-col-total = 合计
invoice-prorations-none = 按比例计费的购买：无
invoice-prorations = 按比例计费的购买：
invoice-proration = { $on } { $client } 增加 { $seats } 个 { $plan } 席位 × { $remaining }/{ $days } 天 = { $cost } → { $total }
invoice-subtotal = 小计 { $amount }
invoice-discount = 折扣 { $amount }
invoice-total = 合计 { $amount }
what-if-title = 假设在 { $on }（{ $provider }，不做任何实际更改）
what-if-item = { $n }. { $what }：{ $verdict }
what-if-seats = { $client }：席位 { $from } → { $to }
what-if-minimum = { $plan } 最低席位 { $from } → { $to }
what-if-refused = 被拒绝 [{ $code }] { $message }
what-if-purchase = 购买 { $seats } 个席位，按比例计费 { $cost }；服务用户无法执行
what-if-no-purchase = 无需购买；服务用户可以执行
what-if-admin = 须由提供商管理员执行的更改
what-if-recurring = 下次定期扣款：{ $before } → { $after }
what-if-prorated = 按比例计费的购买：{ $amount }
what-if-next-invoice = 下一张发票的变化：{ $amount }
what-if-service-user-all = 服务用户可以执行全部更改。
what-if-service-user-not-all = 服务用户无法执行全部更改：购买席位和调整最低席位需要提供商管理员。
compare-title = 最低席位模式与按用量计费的对比（已用席位按标价计算）：
compare-col-period = 周期
compare-col-billed = 计费
compare-col-seat-minimum = 最低席位模式
compare-col-list-price = 标价
compare-col-usage-based = 按用量计费
compare-per-year = 每年：最低席位模式 { $seat_minimum }，按用量计费 { $usage_based }
compare-equal = 两种模式费用相同。
compare-seat-minimum-cheaper = 最低席位模式每年便宜 { $amount }。
compare-usage-based-cheaper = 按用量计费每年可便宜 { $amount }。

### mspkit blast-radius, exit-check, exit-receipt, verify

blast-member = 暂停成员 { $email }（{ $role }）
blast-everyone = 暂停所有成员访问
blast-suspended-now = （访问现已暂停：以下是恢复后重新获得的访问）
blast-title = { $whose }的影响范围{ $suspended }：{ $clients } 个客户失去提供商访问；{ $locked } 个会被锁定（自己没有已确认的所有者）
blast-locked-out = 会被锁定：请先联系这些客户
blast-col-member = 成员
blast-col-can = 可执行
blast-col-members = 成员数
blast-col-own-owners = 自有所有者
blast-no-owner = 无：会被锁定
exit-title = { $name }（{ $client }）的退出检查：{ $verdict }
exit-blocked = 受阻
exit-clear = 没有任何障碍
exit-advisory = 未受阻；有提示性发现
exit-blocking = 阻止
exit-advisory-mark = 提示
exit-finding-exit_no_own_owner = 它在提供商之外没有已确认的所有者，离开后将无人管理；请先邀请并确认一位它自己的所有者
exit-finding-exit_no_billing_email = 它没有计费电子邮件；离开后将使用其第一位自有所有者的地址
exit-finding-exit_open_invoice = 提供商金额为 { $amount }、{ $due } 到期的发票尚未结清；请在客户离开前与其结清
    .row = 提供商金额为 { $amount }、{ $due } 到期的发票尚未结清：其中该客户一行按 { $seats } 个已分配席位计费，约 { $estimate }；请在客户离开前与其结清
exit-finding-exit_psa_reference = 它的 PSA 协议 `{ $reference }` 仍被引用；请在 PSA 中关闭该协议
exit-finding-exit_scoped_members = 有 { $count } 名服务用户限定于该客户（{ $emails }）；解除关联后它将移出这些用户的范围
exit-finding-exit_deployment_unfinished = 它的部署尚未完成；离开时计划保持现状
exit-finding-exit_provider_members_inside = 提供商成员仍是该组织的成员（{ $emails }）；客户离开后他们仍保有该访问权限：请移除他们
exit-receipt-ok = { $path }：由 { $key } 签名；客户 { $client } 于 { $at } 离开提供商 { $provider }
keygen-wrote = 已写入 { $secret }（私钥：请勿放在保存日志的机器上）和 { $public }
keygen-public = 公钥 { $key }
verify-holds = { $path }：哈希链完好：{ $events } 个事件，{ $checkpoints } 个检查点；最后序号 { $last }；头部 { $head }
verify-col-line = 行
verify-col-sequence = 序号
verify-col-at = 时间
verify-col-signed-by = 签名密钥
verify-key-given = （即所给的密钥）
verify-key-unchecked = （未与任何密钥核对）

### mspkit psa reconcile, client policy-preview

psa-title = PSA 对账（{ $system }）：{ $companies } 家公司，{ $clients } 个客户，{ $matched } 个按参考编号匹配
psa-no-findings = 没有发现。
psa-col-company = 公司
psa-col-psa = PSA
psa-col-detail = 详情
psa-detail = PSA 计费 { $quantity }，mspkit 计费 { $seats }
    .unmatched = 参考编号 `{ $reference }` 没有对应导出文件中的任何公司
    .proposed = 建议：公司 `{ $id }`（{ $name }，{ $by }）
    .unusable = 公司 `{ $name }` 与之同名，但其 ID 不能用作参考编号（须为 1 到 64 个字符）
    .ambiguous-clients = 未匹配：{ $n } 个没有参考编号的客户与同一家公司同名；请手动设置参考编号
    .ambiguous-companies = 未匹配：导出文件中有 { $n } 家公司同名；请手动设置参考编号
    .ambiguous-both = 未匹配：{ $n } 家公司和 { $m } 个没有参考编号的客户同名；请手动设置参考编号
    .no-company = 导出文件中没有同名的公司
    .no-client = 没有客户引用这家公司
psa-recorded = 已记录：{ $count } 个参考编号
psa-proposed = 建议（用 --apply 记录）：{ $count } 个参考编号
psa-by-exact_name = 名称完全相同
psa-by-normalised_name = 规范化后名称相同
psa-nothing = 无需记录；组合文档未更改。
psa-written = 已记录 { $count } 个事件；组合文档已写入 { $path }
preview-nobody = 没有人
preview-and = { $first } 和 { $last }
preview-revokes = 在客户 { $client } 上启用 { $policy } 会撤销 { $revokes }
preview-refused = 暂时被拒绝 [{ $code }]：{ $message }
preview-lose-access = 被拒绝：{ $members } 将失去访问权限（没有主密码）；请先让他们开启两步登录
preview-unknown = 保留（未提供信息）：{ $first }
preview-unknown-more = 保留（未提供信息）：{ $first } 及另外 { $more } 人

### The deployment timeline (SVG)

svg-title = 部署时间线
svg-title-on = { $today } 的部署时间线
svg-overdue = （已逾期）
svg-phase-bar = { $client } 阶段 { $phase }：{ $start } 至 { $end }
svg-due = 截止 { $date }
svg-today = 今天 { $date }
svg-due-date = 截止日期
svg-month-format = %Y年%-m月
svg-year-format = %Y年
