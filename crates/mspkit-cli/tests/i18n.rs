//! Simplified Chinese on the command line (issue 18, item 3): snapshots of `report`, `deploy`,
//! `check` and an error line in zh-CN; how the language is chosen (`--lang`, `LC_ALL`, `LANG`);
//! machine outputs that do not change; the timeline in Chinese, rendered to PNG when
//! `rsvg-convert` is installed.
//!
//! The snapshots are `tests/fixtures/zh-CN/*.txt`; `MSPKIT_BLESS=1 cargo test -p mspkit-cli
//! --test i18n` writes them anew (then read the diff).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

mod common;
use common::{example_arg, stdout};

/// Runs the binary with exactly the locale variables given (the others removed).
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mspkit"));
    command.args(args).env_remove("LANG").env_remove("LC_ALL").env_remove("LANGUAGE");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

/// Compares `actual` with the snapshot `name`, or writes it under `MSPKIT_BLESS=1`.
fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zh-CN").join(name);
    if std::env::var_os("MSPKIT_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(actual, expected, "snapshot {name} differs (MSPKIT_BLESS=1 writes it anew)");
}

fn report(env: &[(&str, &str)], extra: &[&str]) -> Output {
    let portfolio = example_arg("portfolio.json");
    let mut args = vec!["report", portfolio.as_str(), "--now", "2026-11-24T12:00:00Z"];
    args.extend_from_slice(extra);
    run(&args, env)
}

#[test]
fn report_in_chinese() {
    let out = report(&[], &["--lang", "zh-CN"]);
    assert!(out.status.success());
    snapshot("report.txt", &stdout(&out));
}

#[test]
fn deploy_in_chinese() {
    let portfolio = example_arg("portfolio.json");
    let out = run(&["deploy", &portfolio, "--today", "2026-11-24", "--lang", "zh-CN"], &[]);
    assert!(out.status.success());
    let all = stdout(&out);
    let client = run(
        &[
            "deploy",
            &portfolio,
            "--today",
            "2026-11-24",
            "--lang",
            "zh-CN",
            "--client",
            "Woodgrove Credit Union",
        ],
        &[],
    );
    assert!(client.status.success());
    let one = stdout(&client);
    for phase in ["阶段 1 入职前", "阶段 2 组织设立", "阶段 3 组织推广", "阶段 4 用户培训"]
    {
        assert!(one.contains(phase), "{phase}");
    }
    for topic in ["管理员培训", "服务台培训", "团队成员培训", "持续教育"] {
        assert!(one.contains(topic), "{topic}");
    }
    snapshot("deploy.txt", &format!("{all}\n{one}"));
}

#[test]
fn check_in_chinese() {
    let baseline = example_arg("baseline.toml");
    let portfolio = example_arg("portfolio.json");
    let out = run(
        &["check", "--baseline", &baseline, &portfolio, "--now", "2026-12-01T09:00:00Z"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert_eq!(out.status.code(), Some(1), "findings");
    snapshot("check.txt", &stdout(&out));
}

#[test]
fn an_error_line_in_chinese_keeps_its_code() {
    let baseline = example_arg("baseline.toml");
    let out = run(&["report", &baseline, "--lang", "zh-CN"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let line = String::from_utf8(out.stderr).unwrap().replace(&baseline, "BASELINE");
    assert!(line.trim_end().ends_with("[invalid_document]"), "{line}");
    let portfolio = example_arg("portfolio.json");
    let out = std::env::temp_dir().join(format!("mspkit-i18n-never-{}.json", std::process::id()));
    let mut lines = line;
    // Not a member; and a member not confirmed yet, denied (the action translated inside).
    for actor in ["nobody@example.com", "katherine.johnson@northwind-it.example"] {
        let args =
            ["client", "state", &portfolio, "Fabrikam Dental", "paused", "--as", actor, "--lang", "zh-CN"];
        let denied = run(&[&args[..], &["--out", out.to_str().unwrap()]].concat(), &[]);
        assert_eq!(denied.status.code(), Some(2));
        lines.push_str(&String::from_utf8(denied.stderr).unwrap());
    }
    assert!(!out.exists());
    snapshot("errors.txt", &lines);
}

#[test]
fn the_flag_wins_then_lc_all_then_lang() {
    let english = stdout(&report(&[], &[]));
    assert!(english.contains("\nTeam: 7 members"));
    let chinese = stdout(&report(&[], &["--lang", "zh-CN"]));
    assert!(chinese.contains("\n团队：7 名成员"));
    assert_eq!(stdout(&report(&[("LANG", "zh_CN.UTF-8")], &[])), chinese);
    assert_eq!(stdout(&report(&[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")], &[])), chinese);
    assert_eq!(stdout(&report(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")], &[])), english);
    assert_eq!(stdout(&report(&[("LC_ALL", "zh_CN.UTF-8")], &["--lang", "en"])), english);
    // An unknown language is a usage error.
    let out = report(&[], &["--lang", "tlh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn machine_outputs_do_not_change() {
    let portfolio = example_arg("portfolio.json");
    let events = example_arg("events.jsonl");
    for args in [
        vec!["report", portfolio.as_str(), "--now", "2026-11-24T12:00:00Z", "--format", "json"],
        vec!["deploy", portfolio.as_str(), "--today", "2026-11-24", "--format", "json"],
        vec![
            "deploy",
            portfolio.as_str(),
            "--today",
            "2026-11-24",
            "--format",
            "json",
            "--client",
            "Woodgrove Credit Union",
        ],
        vec!["events", &events, "--format", "csv"],
    ] {
        let english = run(&args, &[]);
        let chinese = run(&args, &[("LANG", "zh_CN.UTF-8")]);
        assert_eq!(english.stdout, chinese.stdout, "{args:?}");
    }
}

#[test]
fn the_timeline_speaks_chinese_and_names_cjk_fonts() {
    let dir = std::env::temp_dir().join(format!("mspkit-i18n-svg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("timeline.svg");
    let portfolio = example_arg("portfolio.json");
    let out = run(
        &["deploy", &portfolio, "--today", "2026-11-24", "--lang", "zh-CN", "--svg", svg.to_str().unwrap()],
        &[],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains(r#"lang="zh-CN""#));
    assert!(
        text.contains("&apos;Noto Sans CJK SC&apos;")
            && text.contains("&apos;Microsoft YaHei&apos;, sans-serif")
    );
    for word in [
        "部署时间线",
        "1. 入职前",
        "2. 组织设立",
        "3. 组织推广",
        "4. 用户培训",
        "截止日期",
        "今天 2026-11-24",
        "2026年12月",
    ] {
        assert!(text.contains(word), "{word}");
    }
    // Rendered to PNG when a renderer is installed (`apt-get install librsvg2-bin`).
    let png = dir.join("timeline.png");
    match Command::new("rsvg-convert").arg(&svg).arg("-o").arg(&png).output() {
        Ok(o) if o.status.success() => {
            let bytes = std::fs::read(&png).unwrap();
            assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "a real picture");
        }
        _ => eprintln!("rsvg-convert is not installed: the zh-CN timeline was not rendered to PNG"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_other_tables_in_chinese() {
    let portfolio = example_arg("portfolio.json");
    let what_if = example_arg("what-if.json");
    let events = example_arg("events.jsonl");
    let companies = example_arg("psa-companies.csv");
    let facts = example_arg("member-facts.json");
    let runs: [&[&str]; 8] = [
        &["seats", &portfolio],
        &["invoice", &portfolio, "--period", "2026-11"],
        &["what-if", &portfolio, &what_if, "--today", "2026-11-24"],
        &["blast-radius", &portfolio],
        &["exit-check", &portfolio, "--client", "Fabrikam Dental"],
        &["verify", &events],
        &["psa", "reconcile", &portfolio, &companies],
        &[
            "client",
            "policy-preview",
            &portfolio,
            "Fabrikam Dental",
            "single_org",
            "--facts",
            &facts,
            "--as",
            "ada.lovelace@northwind-it.example",
        ],
    ];
    let mut all = String::new();
    for args in runs {
        let out = run(&[args, &["--lang", "zh-CN"]].concat(), &[]);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let command: Vec<&str> = args.iter().take_while(|a| !a.contains('/')).copied().collect();
        all.push_str("$ mspkit ");
        all.push_str(&command.join(" "));
        all.push('\n');
        all.push_str(&stdout(&out).replace(&events, "EVENTS"));
    }
    snapshot("tables.txt", &all);
}
