//! A meeting's directives from a spreadsheet: the columns are found by their headings
//! (Vietnamese or English, in any order, accents and case ignored), and every row is checked;
//! a row with a problem is reported by its number, and nothing is imported until none has one.

use chrono::NaiveDate;

use super::search::fold;
use super::validate::{plausible_day, Note, Title};
use super::RuleError;

/// The columns an import reads, each with the headings it is known by (folded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Title,
    Description,
    Lead,
    CoOwners,
    Deadline,
}

const HEADINGS: [(Column, &[&str]); 5] = [
    (
        Column::Title,
        &[
            "ten nhiem vu",
            "nhiem vu",
            "noi dung nhiem vu",
            "task",
            "title",
        ],
    ),
    (
        Column::Description,
        &["mo ta", "mo ta, can cu", "description"],
    ),
    (
        Column::Lead,
        &["don vi chu tri", "chu tri", "lead", "leads"],
    ),
    (
        Column::CoOwners,
        &[
            "don vi phoi hop",
            "phoi hop",
            "co-owners",
            "co owners",
            "coowners",
        ],
    ),
    (Column::Deadline, &["thoi han", "han", "deadline"]),
];

/// The headings of the template, Vietnamese first.
pub const TEMPLATE_HEADINGS: [&str; 5] = [
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Mô tả",
];

/// One directive read from a row, with department codes still to be matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row's number as the spreadsheet shows it (the heading is row 1).
    pub line: usize,
    pub title: Title,
    pub description: Option<Note>,
    /// One code, or several: then one task per department, the first leading the directive.
    pub leads: Vec<String>,
    pub co_owners: Vec<String>,
    pub deadline: Option<NaiveDate>,
}

/// A row's problem, for the person importing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub problem: String,
}

/// Department codes in a cell: separated by commas, semicolons or line breaks.
fn codes(cell: &str) -> Vec<String> {
    cell.split([',', ';', '\n'])
        .map(|code| code.trim().to_uppercase())
        .filter(|code| !code.is_empty())
        .collect()
}

/// A deadline as offices write it: 30/9/2022, 30-09-2022, or 2022-09-30; empty for none.
///
/// # Errors
/// `Invalid` for anything else.
pub fn parse_deadline(cell: &str) -> Result<Option<NaiveDate>, RuleError> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let day = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(cell, format).ok())
        .ok_or_else(|| {
            RuleError::Invalid(format!(
                "\"{cell}\" is not a date: write it as 30/9/2022, or leave it empty for an ongoing task."
            ))
        })?;
    plausible_day(day, "The deadline").map(Some)
}

fn row_of(line: usize, cells: &[&str; 5]) -> Result<ImportRow, String> {
    let [title, description, lead, co_owners, deadline] = cells;
    let leads = codes(lead);
    if leads.is_empty() {
        return Err(
            "no lead department: give its code (or several, to split the directive)".into(),
        );
    }
    Ok(ImportRow {
        line,
        title: Title::parse(&title.replace(['\r', '\n'], " ")).map_err(|e| e.to_string())?,
        description: Note::parse_optional(Some(description), "The description")
            .map_err(|e| e.to_string())?,
        leads,
        co_owners: codes(co_owners),
        deadline: parse_deadline(deadline).map_err(|e| e.to_string())?,
    })
}

/// Reads a table whose first row holds the headings. Blank rows are skipped.
///
/// # Errors
/// `Invalid` when the headings lack the task or the lead column, or when there is no row; the
/// rows' problems otherwise, each with its row number.
pub fn read_table(table: &[Vec<String>]) -> Result<Vec<ImportRow>, Vec<RowProblem>> {
    let Some((headings, rows)) = table.split_first() else {
        return Err(vec![RowProblem {
            line: 1,
            problem: "The file is empty.".into(),
        }]);
    };
    let position = |column: Column| {
        let known = HEADINGS
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(&[][..], |(_, names)| *names);
        headings
            .iter()
            .position(|heading| known.contains(&fold(heading).trim()))
    };
    let (Some(title), Some(lead)) = (position(Column::Title), position(Column::Lead)) else {
        return Err(vec![RowProblem {
            line: 1,
            problem: format!(
                "The first row must name the columns; at least \"{}\" and \"{}\" (or \"Task\" and \"Lead\").",
                TEMPLATE_HEADINGS[0], TEMPLATE_HEADINGS[1]
            ),
        }]);
    };
    let [description, co_owners, deadline] =
        [Column::Description, Column::CoOwners, Column::Deadline].map(position);
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let line = index + 2;
        let cell = |at: Option<usize>| at.and_then(|i| row.get(i)).map_or("", String::as_str);
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = [
            cell(Some(title)),
            cell(description),
            cell(Some(lead)),
            cell(co_owners),
            cell(deadline),
        ];
        match row_of(line, &cells) {
            Ok(directive) => read.push(directive),
            Err(problem) => problems.push(RowProblem { line, problem }),
        }
    }
    if read.is_empty() && problems.is_empty() {
        problems.push(RowProblem {
            line: 2,
            problem: "There is no directive under the headings.".into(),
        });
    }
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_string()).collect())
            .collect()
    }

    #[test]
    fn columns_are_found_by_their_headings_in_any_order() {
        let read = read_table(&table(&[
            &[
                "Thời hạn",
                "ĐƠN VỊ CHỦ TRÌ",
                "Tên nhiệm vụ",
                "Đơn vị phối hợp",
            ],
            &["30/9/2022", "lmhtx", "Kiện toàn Ban Chỉ đạo", "SCT; SKHCN"],
            &["", "", "", ""],
            &["", "UBND-DH, UBND-HH", "Huy động các tổ chức đoàn thể", ""],
        ]))
        .expect("read");
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].line, 2);
        assert_eq!(read[0].leads, ["LMHTX"]);
        assert_eq!(read[0].co_owners, ["SCT", "SKHCN"]);
        assert_eq!(read[0].deadline, "2022-09-30".parse().ok());
        assert_eq!(read[1].line, 4, "blank rows keep the numbering");
        assert_eq!(read[1].leads, ["UBND-DH", "UBND-HH"]);
        assert_eq!(read[1].deadline, None);
        let english = read_table(&table(&[
            &["Task", "Lead", "Deadline"],
            &["A", "SCT", "2022-10-31"],
        ]))
        .expect("English headings");
        assert_eq!(english[0].deadline, "2022-10-31".parse().ok());
    }

    #[test]
    fn every_bad_row_is_named_with_its_reason() {
        let problems = read_table(&table(&[
            &["Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
            &["", "SCT", ""],
            &["Việc tốt", "SCT", "31/12/2022"],
            &["Không có chủ trì", "", ""],
            &["Hạn sai", "SCT", "cuối tháng"],
            &["Năm lạ", "SCT", "1/1/2500"],
        ]))
        .expect_err("problems");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 4, 5, 6]);
        assert!(problems[2].problem.contains("\"cuối tháng\" is not a date"));
        assert!(read_table(&table(&[&["Việc", "Đơn vị"], &["A", "B"]])).is_err());
        assert!(read_table(&table(&[&["Tên nhiệm vụ", "Đơn vị chủ trì"]])).is_err());
    }
}
