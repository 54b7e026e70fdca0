//! The notes the system itself writes into a task's journal, in the committee's language.

use chrono::NaiveDate;

use super::validate::Language;

/// Where an assigned directive's words came from, said in its first journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignedFrom {
    /// Typed into the form or sent through the API one by one.
    Form,
    /// A row of an imported spreadsheet.
    Spreadsheet,
    /// Drafted from the meeting's own text and confirmed.
    MeetingText,
}

/// A journal entry written by the system rather than typed by a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemNote<'a> {
    /// The task was assigned at this meeting.
    Assigned {
        meeting: &'a str,
        from: AssignedFrom,
    },
    /// A split directive moved because its subtasks did.
    RolledUp,
    /// The lead asked for a later deadline.
    ExtensionAsked { to: NaiveDate, reason: &'a str },
    /// The chair decided on a request.
    ExtensionDecided {
        to: NaiveDate,
        approved: bool,
        note: Option<&'a str>,
    },
    /// The directive's wording was corrected, without a reason given.
    Edited,
    /// A body handed its open work over to its successor in a reorganisation.
    Transferred {
        from: &'a str,
        to: &'a str,
        reform: &'a str,
    },
}

impl SystemNote<'_> {
    pub fn text(&self, language: Language) -> String {
        let vi = language == Language::Vietnamese;
        let day = |d: &NaiveDate| {
            if vi {
                d.format("%d/%m/%Y").to_string()
            } else {
                d.to_string()
            }
        };
        match *self {
            SystemNote::Assigned { meeting, from } if vi => match from {
                AssignedFrom::Form => format!("Giao tại cuộc họp \"{meeting}\"."),
                AssignedFrom::Spreadsheet => {
                    format!("Giao tại cuộc họp \"{meeting}\", nhập từ bảng tính.")
                }
                AssignedFrom::MeetingText => {
                    format!("Giao tại cuộc họp \"{meeting}\", soạn từ văn bản của cuộc họp.")
                }
            },
            SystemNote::Assigned { meeting, from } => match from {
                AssignedFrom::Form => format!("Assigned at the meeting \"{meeting}\"."),
                AssignedFrom::Spreadsheet => {
                    format!("Assigned at the meeting \"{meeting}\", imported from a spreadsheet.")
                }
                AssignedFrom::MeetingText => {
                    format!(
                        "Assigned at the meeting \"{meeting}\", drafted from the meeting's text."
                    )
                }
            },
            SystemNote::RolledUp if vi => "Cập nhật theo tiến độ của các đơn vị thực hiện.".into(),
            SystemNote::RolledUp => "Updated from the progress of its subtasks.".into(),
            SystemNote::ExtensionAsked { to, reason } if vi => {
                format!("Xin gia hạn đến {}: {reason}", day(&to))
            }
            SystemNote::ExtensionAsked { to, reason } => {
                format!("Asked to extend the deadline to {}: {reason}", day(&to))
            }
            SystemNote::ExtensionDecided { to, approved, note } => {
                let verdict = match (vi, approved) {
                    (true, true) => format!("Đồng ý gia hạn đến {}", day(&to)),
                    (true, false) => format!("Không đồng ý gia hạn đến {}", day(&to)),
                    (false, true) => format!("Extension to {} approved", day(&to)),
                    (false, false) => format!("Extension to {} rejected", day(&to)),
                };
                match note {
                    Some(note) => format!("{verdict}: {note}"),
                    None => verdict,
                }
            }
            SystemNote::Edited if vi => "Sửa nội dung nhiệm vụ.".into(),
            SystemNote::Edited => "The directive's wording was edited.".into(),
            SystemNote::Transferred { from, to, reform } if vi => {
                format!("Chuyển từ {from} sang {to}: {reform}")
            }
            SystemNote::Transferred { from, to, reform } => {
                format!("Moved from {from} to {to}: {reform}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_notes_speak_the_committees_language() {
        let to: NaiveDate = "2022-10-31".parse().expect("date");
        let cases = [
            (
                SystemNote::Assigned {
                    meeting: "Hội nghị",
                    from: AssignedFrom::Form,
                },
                Language::Vietnamese,
                "Giao tại cuộc họp \"Hội nghị\".",
            ),
            (
                SystemNote::Assigned {
                    meeting: "Hội nghị",
                    from: AssignedFrom::MeetingText,
                },
                Language::Vietnamese,
                "Giao tại cuộc họp \"Hội nghị\", soạn từ văn bản của cuộc họp.",
            ),
            (
                SystemNote::Assigned {
                    meeting: "Meeting",
                    from: AssignedFrom::Spreadsheet,
                },
                Language::English,
                "Assigned at the meeting \"Meeting\", imported from a spreadsheet.",
            ),
            (
                SystemNote::RolledUp,
                Language::English,
                "Updated from the progress of its subtasks.",
            ),
            (
                SystemNote::ExtensionAsked {
                    to,
                    reason: "Chờ Đại hội",
                },
                Language::Vietnamese,
                "Xin gia hạn đến 31/10/2022: Chờ Đại hội",
            ),
            (
                SystemNote::ExtensionDecided {
                    to,
                    approved: true,
                    note: Some("Đồng ý"),
                },
                Language::Vietnamese,
                "Đồng ý gia hạn đến 31/10/2022: Đồng ý",
            ),
            (
                SystemNote::ExtensionDecided {
                    to,
                    approved: false,
                    note: None,
                },
                Language::English,
                "Extension to 2022-10-31 rejected",
            ),
            (
                SystemNote::Transferred {
                    from: "UBND huyện Vũ Thư",
                    to: "UBND xã Vũ Thư",
                    reform: "Sắp xếp đơn vị hành chính từ 01/7/2025",
                },
                Language::Vietnamese,
                "Chuyển từ UBND huyện Vũ Thư sang UBND xã Vũ Thư: Sắp xếp đơn vị hành chính từ 01/7/2025",
            ),
        ];
        for (note, language, expected) in cases {
            assert_eq!(note.text(language), expected);
        }
    }
}
