//! What every CLI test needs: the bundled examples, the built binary, a scratch folder, the
//! output as text. Each test binary uses part of it.
#![allow(dead_code, reason = "each test binary uses only some of these")]
#![allow(clippy::expect_used, reason = "a test fails loudly on the first surprise")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the bundled `examples/` folder.
pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

/// The same, as a command-line argument.
pub fn example_arg(name: &str) -> String {
    arg(&example(name))
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> String {
    path.to_str().expect("the test paths are UTF-8").to_owned()
}

/// Runs the built `mspkit` binary.
pub fn mspkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mspkit")).args(args).output().expect("the binary runs")
}

/// An empty folder of its own for one test: `<tmp>/mspkit-cli-<suite>-<pid>-<name>`.
pub fn scratch(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mspkit-cli-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir
}

/// A scratch folder holding fresh copies of some of the bundled examples.
pub fn scratch_with(suite: &str, name: &str, files: &[&str]) -> PathBuf {
    let dir = scratch(suite, name);
    for file in files {
        std::fs::copy(example(file), dir.join(file)).expect("the example copies");
    }
    dir
}

/// Standard output then standard error, as text.
pub fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Standard output, as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
