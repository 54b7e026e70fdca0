//! The README's "Guarantees" table names the test behind each promise: a test named there that
//! no longer exists fails here, so the table cannot drift from the suite.

use std::path::Path;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The backticked names in the table's right-hand column, such as `hardening::dates_…`.
fn named_tests(readme: &str) -> Vec<String> {
    let table = readme
        .split("\n## Guarantees")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has a Guarantees section");
    table
        .lines()
        .filter(|line| line.starts_with('|') && !line.starts_with("|---"))
        .filter_map(|line| line.trim_end_matches('|').rsplit('|').next())
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        // Test and module names; folders and settings named in passing are not.
        .filter(|name| !name.contains('/') && !name.contains(' '))
        .collect()
}

/// Where a name points: a test function in `tests/api/<module>.rs` (or in the browser tests,
/// `browser::<test>`), or a module of the program (`domain::validate`) whose unit tests are meant.
fn exists(name: &str) -> bool {
    let parts: Vec<&str> = name.split("::").collect();
    let test_file = match parts[0] {
        "browser" => repository().join("tests/browser/main.rs"),
        module => repository().join(format!("tests/api/{module}.rs")),
    };
    if parts.len() == 2 && test_file.exists() {
        let text = std::fs::read_to_string(&test_file).unwrap_or_default();
        return text.contains(&format!("fn {}(", parts[1]));
    }
    let module = parts.join("/");
    repository().join(format!("src/{module}.rs")).exists()
        || repository().join(format!("src/{module}/mod.rs")).exists()
}

#[test]
fn every_test_the_guarantees_name_exists() {
    let readme = std::fs::read_to_string(repository().join("README.md")).expect("the README");
    let names = named_tests(&readme);
    assert!(names.len() > 20, "the table names its tests: {names:?}");
    let missing: Vec<&String> = names.iter().filter(|name| !exists(name)).collect();
    assert!(
        missing.is_empty(),
        "the README's Guarantees name tests that do not exist: {missing:?}"
    );
}
