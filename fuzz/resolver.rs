//! A link resolver for calling the renderer directly, shared by the Markdown fuzz target and
//! the hardening tests: every `.md` link resolves, except one naming `missing`.

use std::path::Path;

use hireguide::markdown::LinkResolver;

/// Resolves `x.md` to `/base/questions/x/`, and refuses any link naming `missing`.
pub(crate) struct Resolver;

impl LinkResolver for Resolver {
    fn resolve(&self, _from: &Path, path: &str) -> Result<String, (String, String)> {
        if path.contains("missing") {
            Err(("no such file".into(), "fix the link".into()))
        } else {
            Ok(format!("/base/questions/{}/", path.trim_end_matches(".md")))
        }
    }

    fn base_path(&self) -> &str {
        "/base/"
    }
}
