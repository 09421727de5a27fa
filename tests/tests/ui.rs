//! trybuild UI tests for the serializer derives: misuse must be a compile error pointing at the
//! offending token with a helpful message, and the documented happy paths must compile.
//!
//! The `.stderr` snapshots were recorded with rustc 1.95; compiler wording changes between
//! releases, so other toolchains skip this test. Refresh with `TRYBUILD=overwrite`.

#[rustversion::attr(not(stable(1.95)), ignore = "ui snapshots recorded with rustc 1.95")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    // Compile-fail cases, grouped by macro as serde's `tests/ui/<topic>/`.
    t.compile_fail("ui/serializer/*.rs");
    t.compile_fail("ui/model_serializer/*.rs");
    t.compile_fail("ui/model_meta/*.rs");
    t.compile_fail("ui/api_view/*.rs");
    t.compile_fail("ui/viewset/*.rs");
    t.compile_fail("ui/generic_view/*.rs");
    t.compile_fail("ui/generic_viewset/*.rs");
    t.compile_fail("ui/filterset/*.rs");
}
