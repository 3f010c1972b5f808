//! The typst `World` of one render: the IO template as `/main.typ`, the document's data as
//! `/data.json`, and the embedded fonts. Nothing else exists: no disk, no network, no packages.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The IO template, kept in the repository as a `.typ` file.
pub(super) const IO_TEMPLATE: &str = include_str!("../../templates/io.typ");

/// What every render shares, loaded once: the standard library, the fonts and the template.
pub(super) struct Assets {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main_id: FileId,
    data_id: FileId,
    main: Source,
}

impl Assets {
    /// Parses the embedded fonts and the given template. File ids are interned forever, so
    /// the two paths used here are the only ones this module ever creates.
    pub(super) fn new(template: &'static str) -> Assets {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let main_id = project_file("/main.typ");
        Assets {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            main: Source::new(main_id, template.to_owned()),
            fonts,
            main_id,
            data_id: project_file("/data.json"),
        }
    }

    /// How many font faces were loaded.
    pub(super) fn font_count(&self) -> usize {
        self.fonts.len()
    }
}

/// Interns a path of the project root; both paths are constants, so this cannot fail.
fn project_file(path: &'static str) -> FileId {
    let vpath = VirtualPath::new(path)
        .unwrap_or_else(|err| unreachable!("the constant virtual path {path} is invalid: {err}"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One render's world: the shared assets plus this document's data and date.
pub(super) struct IoWorld<'a> {
    assets: &'a Assets,
    data: Bytes,
    today: Option<Datetime>,
}

impl<'a> IoWorld<'a> {
    /// A world whose `/data.json` holds `data` and whose "today" is `today`.
    pub(super) fn new(assets: &'a Assets, data: Bytes, today: Option<Datetime>) -> Self {
        IoWorld {
            assets,
            data,
            today,
        }
    }
}

impl World for IoWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.assets.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.assets.book
    }

    fn main(&self) -> FileId {
        self.assets.main_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.assets.main_id {
            Ok(self.assets.main.clone())
        } else if id == self.assets.data_id {
            Err(FileError::NotSource)
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.assets.data_id {
            Ok(self.data.clone())
        } else if id == self.assets.main_id {
            Ok(Bytes::from_string(self.assets.main.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.assets.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
