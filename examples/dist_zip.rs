//! Packs a folder into a zip for `scripts/dist`: `cargo run --example dist-zip -- DIR OUT.zip`.
//!
//! Written with the `zip` crate the tool already uses, because it marks the
//! Chinese file names as UTF-8, which Windows' Explorer needs to show them;
//! the `zip` command does so only under a UTF-8 locale.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [dir, out] = args.as_slice() else {
        return Err("usage: dist-zip DIR OUT.zip".into());
    };
    let mut zip = zip::ZipWriter::new(File::create(out)?);
    let root = dir.parent().unwrap_or(Path::new("."));
    add(&mut zip, root, dir)?;
    zip.finish()?;
    Ok(())
}

/// Adds `path` and, for a folder, everything under it, named relative to `root`
/// with forward slashes, in a stable order.
fn add(zip: &mut zip::ZipWriter<File>, root: &Path, path: &Path) -> std::io::Result<()> {
    let name = path
        .strip_prefix(root)
        .expect("under the root")
        .to_string_lossy()
        .replace('\\', "/");
    let options = SimpleFileOptions::default();
    if path.is_dir() {
        zip.add_directory(name, options)?;
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            add(zip, root, &entry)?;
        }
    } else {
        zip.start_file(name, options)?;
        zip.write_all(&std::fs::read(path)?)?;
    }
    Ok(())
}
