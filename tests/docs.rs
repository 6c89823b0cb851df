//! The README and the guide in `docs/` hold together: the README stays short, `SUMMARY.md` lists
//! exactly the chapters whose examples run as doc tests (`lib.rs`), and every link between the
//! pages — to a file, or to a heading of a page — names something that exists.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text outside fenced code blocks, line by line.
fn prose(text: &str) -> Vec<&str> {
    let mut fenced = false;
    text.lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .collect()
}

/// A heading's anchor as mdBook (and GitHub) make it: lower case, letters, digits, `-` and `_`
/// kept, whitespace turned into `-`, everything else dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown page (a repeated heading gets `-1`, `-2`, … as on GitHub and in
/// mdBook). `design.md` is DESIGN.md, which it includes.
fn anchors(page: &Path) -> BTreeSet<String> {
    let text = if page.file_name().is_some_and(|n| n == "design.md") {
        read(&root().join("DESIGN.md"))
    } else {
        read(page)
    };
    let mut seen = BTreeSet::new();
    for line in prose(&text) {
        let Some(heading) = line.strip_prefix('#') else { continue };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let base = slug(heading);
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

/// Every `[text](target)` link of a page's prose: (line number, target).
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            out.push((number + 1, after[..end].to_owned()));
            rest = &after[end..];
        }
    }
    out
}

fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(root().join("docs/src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    pages.extend(chapters);
    pages
}

#[test]
fn the_readme_is_short() {
    let lines = read(&root().join("README.md")).lines().count();
    assert!(lines <= 250, "the README has {lines} lines; move detail into a chapter of docs/");
}

#[test]
fn the_summary_lists_every_chapter_and_each_runs_as_doc_tests() {
    let summary = read(&root().join("docs/src/SUMMARY.md"));
    let listed: BTreeSet<String> = links(&summary).into_iter().map(|(_, target)| target).collect();
    let on_disk: BTreeSet<String> = pages()
        .iter()
        .skip(1)
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| name != "SUMMARY.md")
        .collect();
    assert_eq!(listed, on_disk, "SUMMARY.md and the files of docs/src differ");
    let tested: BTreeSet<String> = mspkit_tests::GUIDE_CHAPTERS.iter().map(|s| (*s).to_owned()).collect();
    let expected: BTreeSet<String> = on_disk.into_iter().filter(|name| name != "design.md").collect();
    assert_eq!(tested, expected, "tests/lib.rs must include every chapter (design.md is DESIGN.md)");
}

#[test]
fn every_link_of_the_readme_and_the_guide_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = read(&page);
        let dir = page.parent().unwrap();
        for (line, target) in links(&text) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let file = if file.is_empty() { page.clone() } else { dir.join(file) };
            if !file.exists() {
                broken.push(format!("{}:{line}: `{target}`: no such file", page.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                let is_markdown = file.extension().is_some_and(|e| e == "md");
                if !is_markdown || !anchors(&file).contains(anchor) {
                    broken.push(format!("{}:{line}: `{target}`: no such heading", page.display()));
                }
            }
        }
    }
    assert!(checked >= 50, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn anchors_follow_mdbook() {
    assert_eq!(slug("Policy-as-code: `mspkit check`"), "policy-as-code-mspkit-check");
    assert_eq!(slug("A client's exit, with a pre-flight"), "a-clients-exit-with-a-pre-flight");
    let page = root().join("docs/src/policies.md");
    let found = anchors(&page);
    assert!(found.contains("rust") && found.contains("python"), "{found:?}");
}
