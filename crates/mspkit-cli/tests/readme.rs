//! Every `mspkit …` and `cargo run -p mspkit-cli -- …` line of the shell examples of the README
//! and of the guide's chapters (`docs/src/*.md`) runs and exits 0 (from the repository root, as
//! the pages show them).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly"
)]

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Splits a shell line into words: whitespace-separated, double quotes grouping, `#` starting
/// a comment outside quotes. Enough for the README's examples, which use nothing else.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    for ch in line.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            '#' if !quoted && !started => break,
            c if c.is_whitespace() && !quoted => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// The README and every chapter of the guide, in a fixed order.
fn pages() -> Vec<PathBuf> {
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(root().join("docs/src"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    let mut pages = vec![root().join("README.md")];
    pages.extend(chapters);
    pages
}

/// The CLI lines of a page's `sh` blocks, as argument lists (without the program).
fn shell_commands(page: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in page.lines().map(str::trim_start) {
        if line.starts_with("```") {
            in_sh = !in_sh && matches!(line.trim_start_matches('`'), "sh" | "bash" | "shell");
            continue;
        }
        if !in_sh {
            continue;
        }
        let w = words(line);
        let args = match w.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["mspkit", ..] => w[1..].to_vec(),
            ["cargo", "run", "-p", "mspkit-cli", "--", ..] => w[5..].to_vec(),
            _ => continue,
        };
        commands.push(args);
    }
    commands
}

/// The CLI lines of the README and of the guide.
fn readme_commands() -> Vec<Vec<String>> {
    pages().iter().flat_map(|page| shell_commands(&std::fs::read_to_string(page).unwrap())).collect()
}

#[test]
fn the_readme_itself_shows_the_command_line() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(shell_commands(&readme).len() >= 4, "the README shows too few `mspkit` lines");
}

#[test]
fn every_readme_shell_example_runs() {
    let commands = readme_commands();
    assert!(commands.len() >= 10, "the README's CLI examples were not found: {commands:?}");
    let out_dir = std::env::temp_dir().join(format!("mspkit-readme-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for args in &commands {
        // Files the examples write (`--svg timeline.svg`, `--out changed.json`) go to a scratch
        // directory.
        let args: Vec<String> = args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let after_out = i > 0 && args[i - 1] == "--out";
                if after_out || std::path::Path::new(a).extension().is_some_and(|e| e == "svg") {
                    out_dir.join(a).display().to_string()
                } else {
                    a.clone()
                }
            })
            .collect();
        let out =
            Command::new(env!("CARGO_BIN_EXE_mspkit")).args(&args).current_dir(root()).output().unwrap();
        // `mspkit check` exits 1 when it finds what it is asked to find (the example drifts on
        // purpose); it still must have run and printed its report.
        let checked = args.first().is_some_and(|a| a == "check")
            && out.status.code() == Some(1)
            && !out.stdout.is_empty();
        assert!(
            out.status.success() || checked,
            "`mspkit {}` exited {:?}: {}",
            args.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::remove_dir_all(&out_dir).ok();
}

#[test]
fn the_previous_edition_pairing_is_refused_with_its_code() {
    let out = Command::new(env!("CARGO_BIN_EXE_mspkit"))
        .args([
            "deploy",
            "examples/portfolio.json",
            "--today",
            "2026-11-24",
            "--catalog",
            "examples/deployment-guide-37.toml",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[phase_has_open_steps]"));
}

#[test]
fn the_37_step_example_is_the_bundled_portfolio_moved_to_that_edition() {
    let fresh = std::env::temp_dir().join(format!("mspkit-portfolio-37-{}.json", std::process::id()));
    let out = Command::new("python3").arg(root().join("scripts/make-portfolio-37")).arg(&fresh).output();
    match out {
        Ok(out) => {
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let shipped = std::fs::read_to_string(root().join("examples/portfolio-37.json")).unwrap();
            let fresh_text = std::fs::read_to_string(&fresh).unwrap();
            std::fs::remove_file(&fresh).ok();
            assert!(
                shipped == fresh_text,
                "examples/portfolio-37.json is stale: run scripts/make-portfolio-37"
            );
        }
        // No Python on this machine: the README commands above still run the file.
        Err(e) => eprintln!("python3 not available ({e}); not comparing portfolio-37.json"),
    }
}
