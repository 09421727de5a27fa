//! The DRF TokenAuthentication tutorial, recreated with restframe.

fn main() {}
