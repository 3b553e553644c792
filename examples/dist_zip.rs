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
    // Without a time every entry shows 1980-01-01 in Explorer; the packing time is the release's.
    let options = SimpleFileOptions::default().last_modified_time(now()?);
    add(&mut zip, root, dir, options)?;
    zip.finish()?;
    Ok(())
}

/// Adds `path` and, for a folder, everything under it, named relative to `root`
/// with forward slashes, in a stable order.
fn add(
    zip: &mut zip::ZipWriter<File>,
    root: &Path,
    path: &Path,
    options: SimpleFileOptions,
) -> std::io::Result<()> {
    let name = path
        .strip_prefix(root)
        .expect("under the root")
        .to_string_lossy()
        .replace('\\', "/");
    if path.is_dir() {
        zip.add_directory(name, options)?;
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            add(zip, root, &entry, options)?;
        }
    } else {
        zip.start_file(name, options)?;
        zip.write_all(&std::fs::read(path)?)?;
    }
    Ok(())
}

/// The local time now, as a zip entry records it.
fn now() -> Result<zip::DateTime, Box<dyn std::error::Error>> {
    use chrono::{Datelike, Timelike};
    let t = chrono::Local::now();
    let narrow = |n: u32| u8::try_from(n).expect("a month, day or time of day");
    let year = u16::try_from(t.year())?;
    let (month, day) = (narrow(t.month()), narrow(t.day()));
    let (hour, minute, second) = (narrow(t.hour()), narrow(t.minute()), narrow(t.second()));
    Ok(zip::DateTime::from_date_and_time(
        year, month, day, hour, minute, second,
    )?)
}
