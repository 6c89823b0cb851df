//! The message files are complete: both parse, hold the same messages with the same attributes,
//! every error code has its message, and a Chinese message uses no argument the English one
//! does not give. And the zh-CN guide is the English guide in other words.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use crate::{EN_FTL, Lang, ZH_CN_FTL, deployment_catalog, error_message, message_ids, text, translate};

#[test]
fn both_files_parse_and_hold_the_same_messages_and_attributes() {
    let en = message_ids(EN_FTL).unwrap();
    let zh = message_ids(ZH_CN_FTL).unwrap();
    let only_en: Vec<_> = en.keys().filter(|id| !zh.contains_key(*id)).collect();
    let only_zh: Vec<_> = zh.keys().filter(|id| !en.contains_key(*id)).collect();
    assert!(only_en.is_empty(), "messages missing in zh-CN.ftl: {only_en:?}");
    assert!(only_zh.is_empty(), "messages missing in en.ftl: {only_zh:?}");
    for (id, attributes) in &en {
        assert_eq!(Some(attributes), zh.get(id), "attributes of `{id}`");
    }
}

#[test]
fn every_error_code_has_a_message_in_both_languages() {
    let en = message_ids(EN_FTL).unwrap();
    let zh = message_ids(ZH_CN_FTL).unwrap();
    let mut missing = Vec::new();
    for code in mspkit::error::all_codes() {
        let id = format!("error-{code}");
        if !en.contains_key(&id) || !zh.contains_key(&id) {
            missing.push(id);
        }
    }
    assert!(missing.is_empty(), "error codes without a message: {missing:?}");
    // And no message for a code that does not exist (a renamed or retired code).
    let codes: BTreeSet<&str> = mspkit::error::all_codes().iter().copied().collect();
    let stale: Vec<_> =
        en.keys().filter_map(|id| id.strip_prefix("error-")).filter(|code| !codes.contains(code)).collect();
    assert!(stale.is_empty(), "messages of no error code: {stale:?}");
}

/// The variables each message and attribute uses: `id` or `id.attribute` → names.
fn variables(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    fn of(pattern: &Pattern<&str>) -> BTreeSet<String> {
        pattern
            .elements
            .iter()
            .filter_map(|e| match e {
                PatternElement::Placeable {
                    expression: Expression::Inline(InlineExpression::VariableReference { id }),
                } => Some(id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
    let resource = fluent_syntax::parser::parse(source).unwrap();
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let Entry::Message(m) = entry {
            out.insert(m.id.name.to_owned(), m.value.as_ref().map(of).unwrap_or_default());
            for a in &m.attributes {
                out.insert(format!("{}.{}", m.id.name, a.id.name), of(&a.value));
            }
        }
    }
    out
}

#[test]
fn chinese_messages_use_only_the_english_arguments() {
    let en = variables(EN_FTL);
    let zh = variables(ZH_CN_FTL);
    for (id, names) in &zh {
        let given = en.get(id).unwrap();
        assert!(names.is_subset(given), "`{id}` uses {names:?}, English gives {given:?}");
        // Errors and warnings are read back from English text: their Chinese form keeps every
        // argument (a value dropped would be information lost).
        if id.starts_with("error-") || id.starts_with("warning-") {
            assert_eq!(names, given, "`{id}`");
        }
    }
}

#[test]
fn an_error_reads_back_and_speaks_chinese() {
    let english = "member `0000-1` is `accepted`, not invited";
    assert_eq!(
        error_message(Lang::ZhCn, "member_not_invited", english),
        "成员 `0000-1` 的状态为 `accepted`，并非已邀请"
    );
    assert_eq!(error_message(Lang::En, "member_not_invited", english), english);
    // A text the pattern does not fit stays English rather than becoming nonsense.
    assert_eq!(error_message(Lang::ZhCn, "member_not_invited", "something else"), "something else");
    assert_eq!(error_message(Lang::ZhCn, "no_such_code", "x"), "x");
}

#[test]
fn the_most_specific_form_wins_and_phrases_inside_are_translated() {
    let newer = "portfolio schema version 9 is not supported; this mspkit reads versions 1 to 2 (the document was written by a newer mspkit: upgrade mspkit)";
    assert!(error_message(Lang::ZhCn, "portfolio_schema_unsupported", newer).ends_with("请升级 mspkit）"));
    let denial = "only a provider admin may manage the provider's billing";
    assert_eq!(
        error_message(Lang::ZhCn, "provider_admin_only", denial),
        "只有提供商管理员才能管理提供商的计费"
    );
    assert_eq!(
        translate(
            Lang::ZhCn,
            "warning-client_full",
            "client `Acme` has no free seat: new members will be refused until seats are added"
        ),
        "客户 `Acme` 没有空闲席位：在增加席位之前，新成员都会被拒绝"
    );
}

#[test]
fn labels_fall_back_to_english_then_to_the_id() {
    assert_eq!(text(Lang::ZhCn, "report-col-email", &[]), "电子邮件");
    assert_eq!(text(Lang::En, "report-col-email", &[]), "EMAIL");
    assert_eq!(text(Lang::ZhCn, "no-such-label", &[]), "no-such-label");
}

#[test]
fn the_chinese_guide_is_the_english_guide_in_other_words() {
    let en = deployment_catalog(Lang::En).unwrap();
    let zh = deployment_catalog(Lang::ZhCn).unwrap();
    assert_eq!(zh.edition(), "36 步版");
    let names: Vec<&str> = zh.phases().iter().map(mspkit::deployment::Phase::name).collect();
    assert_eq!(names, ["入职前", "组织设立", "组织推广", "用户培训"]);
    assert_eq!(en.phases().len(), zh.phases().len());
    for (e, z) in en.phases().iter().zip(zh.phases()) {
        assert_eq!(e.number(), z.number());
        assert_ne!(e.name(), z.name());
    }
    assert_eq!(en.steps().len(), 36);
    assert_eq!(en.steps().len(), zh.steps().len());
    for (e, z) in en.steps().iter().zip(zh.steps()) {
        assert_eq!((e.number(), e.phase(), e.duration()), (z.number(), z.phase(), z.duration()));
        assert_eq!(e.condition(), z.condition(), "step {}", e.number());
        assert_eq!(e.setup_task(), z.setup_task(), "step {}", e.number());
        assert_eq!(e.resources().len(), z.resources().len(), "step {}", e.number());
        for written in [z.topic(), z.action()] {
            assert!(
                written.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "step {}: {written}",
                e.number()
            );
        }
    }
    let topics: Vec<&str> = zh.steps().iter().skip(32).map(mspkit::deployment::Step::topic).collect();
    assert_eq!(topics, ["管理员培训", "服务台培训", "团队成员培训", "持续教育"]);
}

#[test]
fn a_value_between_backticks_is_never_translated() {
    // A client named like a phrase keeps its name.
    let english = "client `portfolio` has no free seat: new members will be refused until seats are added";
    assert_eq!(
        translate(Lang::ZhCn, "warning-client_full", english),
        "客户 `portfolio` 没有空闲席位：在增加席位之前，新成员都会被拒绝"
    );
    // Outside backticks, the phrase is translated.
    let english = "cannot read the portfolio: bad";
    assert_eq!(error_message(Lang::ZhCn, "read_failed", english), "无法读取组合文档：bad");
}

#[test]
fn words_inside_a_message_are_translated_too() {
    let english = "step `3` cannot be completed when it is not started";
    assert_eq!(
        error_message(Lang::ZhCn, "invalid_transition", english),
        "步骤 `3` 当前为「未开始」，不能执行「完成」"
    );
    assert_eq!(error_message(Lang::ZhCn, "empty_catalog", "the catalogue has no steps"), "目录中没有步骤");
}
