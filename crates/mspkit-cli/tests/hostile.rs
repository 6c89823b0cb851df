//! The hostile input table through the command line: every portfolio, catalogue, event-log,
//! baseline (`check --baseline`) and what-if (`what-if`) case exits
//! 2 with exactly one line on standard error, `mspkit: …[code]`, bounded in length, with no
//! panic or backtrace — and its code is the one the table gives (the Rust and Python runners
//! check the same table).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly"
)]

use std::path::PathBuf;
use std::process::Command;

use mspkit_tests::hostile::cases;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_hostile_case_is_one_line_exit_2_with_its_code() {
    let dir = std::env::temp_dir().join(format!("mspkit-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let example = root().join("examples/portfolio.json");
    let mut ran = 0;
    let mut wrong = Vec::new();
    for (i, case) in cases().iter().enumerate() {
        let args: Vec<String> = match case.kind.as_str() {
            "portfolio" => {
                let path = dir.join(format!("case-{i}.json"));
                std::fs::write(&path, &case.text).unwrap();
                vec!["deploy".into(), path.display().to_string(), "--today".into(), "2026-11-24".into()]
            }
            "catalog" => {
                let path = dir.join(format!("case-{i}.toml"));
                std::fs::write(&path, &case.text).unwrap();
                vec![
                    "deploy".into(),
                    example.display().to_string(),
                    "--catalog".into(),
                    path.display().to_string(),
                    "--today".into(),
                    "2026-11-24".into(),
                ]
            }
            "event_log" => {
                let path = dir.join(format!("case-{i}.jsonl"));
                std::fs::write(&path, &case.text).unwrap();
                vec!["replay".into(), path.display().to_string()]
            }
            "baseline" => {
                let path = dir.join(format!("case-{i}-{}", case.file));
                std::fs::write(&path, &case.text).unwrap();
                vec![
                    "check".into(),
                    "--baseline".into(),
                    path.display().to_string(),
                    example.display().to_string(),
                    "--now".into(),
                    "2026-11-24T12:00:00Z".into(),
                ]
            }
            "what_if" => {
                let path = dir.join(format!("case-{i}.json"));
                std::fs::write(&path, &case.text).unwrap();
                vec![
                    "what-if".into(),
                    example.display().to_string(),
                    path.display().to_string(),
                    "--today".into(),
                    "2026-11-24".into(),
                ]
            }
            // KDF settings, the reference's policy lists and the binding's JSON forms have no
            // command of their own.
            _ => continue,
        };
        ran += 1;
        let out = Command::new(env!("CARGO_BIN_EXE_mspkit"))
            .args(&args)
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let problems = [
            (out.status.code() != Some(2)).then(|| format!("exit {:?}", out.status.code())),
            (err.lines().count() != 1).then(|| format!("{} lines", err.lines().count())),
            (!err.starts_with("mspkit: ")).then(|| "no `mspkit: ` prefix".to_owned()),
            (!err.trim_end().ends_with(&format!("[{}]", case.code))).then(|| "another code".to_owned()),
            (err.contains("panicked") || err.contains("backtrace")).then(|| "a panic".to_owned()),
            (err.chars().count() > 1200).then(|| format!("{} characters", err.chars().count())),
        ];
        let problems: Vec<String> = problems.into_iter().flatten().collect();
        if !problems.is_empty() {
            let shown: String = err.chars().take(300).collect();
            wrong.push(format!("{}: {} — {shown:?}", case.name, problems.join(", ")));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(ran >= 100, "only {ran} cases ran through the CLI");
    assert!(wrong.is_empty(), "{} of {ran} cases:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn a_far_day_or_far_dates_cannot_blow_up_the_output() {
    let example = root().join("examples/portfolio.json");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_mspkit")).args(args).output().unwrap();
    let out = run(&["deploy", example.to_str().unwrap(), "--today", "9999-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).trim_end().ends_with("[date_out_of_range]"));
    // The widest span a document may hold (1900 to 2200) still gives a small chart.
    let dir = std::env::temp_dir().join(format!("mspkit-far-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&example).unwrap()).unwrap();
    doc["deployments"][0]["due"] = "2200-12-31".into();
    let path = dir.join("far.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let svg = dir.join("far.svg");
    let out =
        run(&["deploy", path.to_str().unwrap(), "--today", "1900-01-01", "--svg", svg.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let size = std::fs::metadata(&svg).unwrap().len();
    assert!(size < 32 * 1024, "{size} bytes");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn text_output_escapes_what_a_terminal_would_obey() {
    let example = root().join("examples/portfolio.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&example).unwrap()).unwrap();
    let hostile = "Evil\u{1b}[2J\rCorp\u{202e}gnp.exe\nmspkit: forged";
    // Client names refuse such characters (client_name_invalid, tests/hostile_output.rs); the
    // provider's name is free text.
    doc["provider"]["settings"]["name"] = hostile.into();
    let dir = std::env::temp_dir().join(format!("mspkit-escape-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("escape.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    for args in [
        vec!["report", path.to_str().unwrap(), "--now", "2026-11-24T12:00:00Z"],
        vec!["deploy", path.to_str().unwrap(), "--today", "2026-11-24"],
        vec!["deploy", path.to_str().unwrap(), "--today", "2026-11-24", "--client", "Fabrikam"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_mspkit")).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        for raw in ['\u{1b}', '\r', '\u{202e}', '\u{7}'] {
            assert!(!text.contains(raw), "{args:?} printed {raw:?} raw:\n{text}");
        }
        assert!(!text.lines().any(|l| l.starts_with("mspkit: ")), "{args:?}: a forged line");
        // What is shown is escaped (the report names the provider).
        if args[0] == "report" {
            assert!(text.contains("Evil\\u{1b}[2J\\rCorp"), "{args:?}:\n{text}");
        }
    }
    // JSON output stays JSON: the name reads back exactly.
    let out = Command::new(env!("CARGO_BIN_EXE_mspkit"))
        .args(["report", path.to_str().unwrap(), "--format", "json", "--now", "2026-11-24T12:00:00Z"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.to_string().contains("\\u001b[2J\\rCorp\u{202e}gnp.exe\\nmspkit: forged"));
    std::fs::remove_dir_all(&dir).ok();
}
