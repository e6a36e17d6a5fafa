//! Helpers shared by the integration tests.

use std::path::Path;

/// Copy the bundled example project (sources, claims, settings, lock) into `to`.
pub fn copy_example(to: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["sources", "claims"] {
        std::fs::create_dir_all(to.join(dir)).expect("mkdir");
        for f in std::fs::read_dir(root.join(dir)).expect("read dir") {
            let f = f.expect("entry").path();
            std::fs::copy(&f, to.join(dir).join(f.file_name().expect("name"))).expect("copy");
        }
    }
    for f in ["citecheck.toml", "citecheck.lock"] {
        std::fs::copy(root.join(f), to.join(f)).expect("copy");
    }
}
