//! Matching a header row to the columns of a metric row.

use super::FailureReason;

/// A column Cuepoint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// The UTC day (`date`, `day`). Required.
    Date,
    /// The show's id or slug (`show`, `podcast`, `show_id`, `show_slug`). Required.
    Show,
    /// The episode (`episode`, `episode_id`, `episode_guid`).
    Episode,
    /// Downloads (`downloads`, `total downloads`, `total_downloads`). Required.
    Downloads,
    /// Listeners (`listeners`).
    Listeners,
    /// The source (`source`); the import's source where absent.
    Source,
}

impl Column {
    /// Every column, required ones first.
    pub const ALL: [Column; 6] = [
        Column::Date,
        Column::Show,
        Column::Downloads,
        Column::Episode,
        Column::Listeners,
        Column::Source,
    ];

    /// The canonical name (also used in rejections).
    pub fn name(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Show => "show",
            Column::Episode => "episode",
            Column::Downloads => "downloads",
            Column::Listeners => "listeners",
            Column::Source => "source",
        }
    }

    /// Whether a file without this column is unusable.
    pub fn required(self) -> bool {
        matches!(self, Column::Date | Column::Show | Column::Downloads)
    }

    /// The column a header cell names: compared trimmed and case-insensitively, with
    /// `_`, `-` and runs of spaces treated alike.
    pub fn from_header(cell: &str) -> Option<Column> {
        let words: Vec<String> = cell
            .trim()
            .to_lowercase()
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let name = words.join("_");
        Some(match name.as_str() {
            "date" | "day" => Column::Date,
            "show" | "podcast" | "show_id" | "show_slug" | "podcast_id" => Column::Show,
            "episode" | "episode_id" | "episode_guid" | "guid" => Column::Episode,
            "downloads" | "total_downloads" | "download_count" => Column::Downloads,
            "listeners" | "unique_listeners" => Column::Listeners,
            "source" => Column::Source,
            _ => return None,
        })
    }
}

/// Where each known column is in a row. Unknown columns are ignored; a column named twice
/// is read from its first occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    positions: [Option<usize>; 6],
    width: usize,
}

impl Header {
    /// Matches a header row; fails when a required column is missing.
    pub fn parse<S: AsRef<str>>(cells: &[S]) -> Result<Header, FailureReason> {
        let mut positions = [None; 6];
        for (index, cell) in cells.iter().enumerate() {
            if let Some(column) = Column::from_header(cell.as_ref()) {
                let slot = &mut positions[column as usize];
                if slot.is_none() {
                    *slot = Some(index);
                }
            }
        }
        let missing: Vec<String> = Column::ALL
            .iter()
            .filter(|c| c.required() && positions[**c as usize].is_none())
            .map(|c| c.name().to_string())
            .collect();
        if missing.is_empty() {
            Ok(Header {
                positions,
                width: cells.len(),
            })
        } else {
            Err(FailureReason::NoUsableHeader { missing })
        }
    }

    /// The index of `column` in a row, if the header has it.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.positions[column as usize]
    }

    /// How many cells the header row has.
    pub fn width(&self) -> usize {
        self.width
    }
}
