//! Every text the pages show, in Vietnamese and in English, in one place. Each text is named
//! once with both languages, so a text missing in either language does not compile; the test
//! below also refuses one left empty or left untranslated.

use super::Lang;

macro_rules! labels {
    ($($name:ident: $vi:expr, $en:expr;)*) => {
        /// The pages' texts in one language.
        pub(crate) struct Labels {
            $(pub(crate) $name: &'static str,)*
        }

        pub(crate) const VIETNAMESE: Labels = Labels { $($name: $vi,)* };
        pub(crate) const ENGLISH: Labels = Labels { $($name: $en,)* };

        /// Every text, by name, in both languages (for the test).
        #[cfg(test)]
        const ALL: &[(&str, &str, &str)] = &[$((stringify!($name), $vi, $en),)*];
    };
}

impl Lang {
    /// The pages' texts in this language.
    pub(crate) fn text(self) -> &'static Labels {
        match self {
            Lang::Vi => &VIETNAMESE,
            Lang::En => &ENGLISH,
        }
    }
}

labels! {
    on_track:
        "Đúng tiến độ",
        "On track";
    due_soon:
        "Sắp đến hạn",
        "Due soon";
    overdue:
        "Quá hạn",
        "Overdue";
    done_on_time:
        "Hoàn thành đúng hạn",
        "Done on time";
    done_late:
        "Hoàn thành trễ hạn",
        "Done late";
    no_deadline:
        "Thường xuyên",
        "No deadline";
    cancelled:
        "Đã huỷ",
        "Cancelled";
    not_started:
        "Chưa thực hiện",
        "Not started";
    in_progress:
        "Đang thực hiện",
        "In progress";
    waiting_for_review:
        "Chờ Trưởng ban duyệt",
        "Waiting for review";
    done:
        "Hoàn thành",
        "Done";
    ongoing:
        "Thường xuyên",
        "Ongoing";
    internal_error:
        "Hệ thống gặp sự cố; vui lòng thử lại sau. Mã sự cố để báo quản trị viên:",
        "Something went wrong on our side; please try again later. Reference for the administrator:";
    your_email:
        "Địa chỉ thư điện tử của bạn",
        "Your e-mail address";
    send_me_a_link:
        "Gửi đường dẫn đăng nhập",
        "Send me a sign-in link";
    sign_in:
        "Đăng nhập",
        "Sign in";
    stale_form_send_again:
        "Biểu mẫu đã cũ hoặc không đến từ trang này; hãy gửi lại.",
        "This form is stale or did not come from this site; please send it again.";
    too_many_requests:
        "Có quá nhiều yêu cầu đăng nhập từ máy này; hãy thử lại sau ít phút.",
        "Too many sign-in requests from this machine; try again in a few minutes.";
    link_on_its_way:
        "Nếu địa chỉ này có tài khoản, một đường dẫn đăng nhập vừa được gửi tới. Đường dẫn dùng được một lần trong {minutes} phút.",
        "If this address has an account, a sign-in link is on its way. It works once, within {minutes} minutes.";
    check_your_mail:
        "Kiểm tra hộp thư",
        "Check your mail";
    link_no_longer_works:
        "Đường dẫn không còn hiệu lực",
        "This link no longer works";
    link_used_or_expired:
        "Đường dẫn đăng nhập này đã được dùng hoặc đã hết hạn. Hãy yêu cầu một đường dẫn mới.",
        "This sign-in link was already used or has expired. Ask for a new one.";
    press_to_sign_in:
        "Bấm nút dưới đây để đăng nhập. Đường dẫn chỉ dùng được một lần.",
        "Press the button to sign in. The link works once.";
    stale_form_reload:
        "Biểu mẫu đã cũ hoặc không đến từ trang này; hãy tải lại trang.",
        "This form is stale or did not come from this site; reload the page.";
    days_late:
        "ngày quá hạn",
        "days late";
    days_left:
        "ngày còn lại",
        "days left";
    task:
        "Nhiệm vụ",
        "Task";
    deadline:
        "Thời hạn",
        "Deadline";
    status:
        "Tình trạng",
        "Status";
    progress:
        "Tiến độ",
        "Progress";
    search_placeholder:
        "Tìm: ho tro, kien toan…",
        "Search: ho tro, kien toan…";
    search:
        "Tìm",
        "Search";
    my_departments_tasks:
        "Nhiệm vụ của đơn vị",
        "My department's tasks";
    open_tasks:
        "Nhiệm vụ đang thực hiện",
        "Open tasks";
    meeting:
        "Cuộc họp",
        "Meeting";
    lead:
        "Chủ trì",
        "Lead";
    co_owners:
        "Phối hợp",
        "Co-owners";
    task_status:
        "Trạng thái",
        "Status";
    subtasks:
        "Các đơn vị thực hiện",
        "Subtasks";
    progress_percent:
        "Tiến độ (%)",
        "Progress (%)";
    unchanged:
        "— giữ nguyên —",
        "— unchanged —";
    submit_for_review:
        "Báo cáo hoàn thành, trình Trưởng ban",
        "Finished: submit for review";
    co_owners_may_note:
        "Đơn vị bạn phối hợp thực hiện: bạn có thể ghi ý kiến.",
        "Your department co-owns this task: you can add a note.";
    waiting_tasks_take_notes:
        "Nhiệm vụ đang chờ Trưởng ban duyệt: bạn có thể ghi thêm ý kiến.",
        "This task waits for the chair's review: you can add a note.";
    report_progress:
        "Báo cáo tiến độ",
        "Report progress";
    report_note:
        "Ghi chú (bắt buộc khi đổi trạng thái; có thể dán đường dẫn văn bản)",
        "Note (needed when the status changes; you may paste a link to a document)";
    save:
        "Ghi nhận",
        "Save";
    ask_more_time:
        "Xin gia hạn",
        "Ask for more time";
    new_deadline:
        "Thời hạn mới",
        "New deadline";
    reason:
        "Lý do",
        "Reason";
    send_request:
        "Gửi đề nghị",
        "Send the request";
    journal:
        "Nhật ký",
        "Journal";
    review:
        "Trưởng ban xem xét",
        "Review";
    review_note:
        "Ý kiến (lý do khi trả lại)",
        "Note (the reason when returning it)";
    accept:
        "Chấp nhận hoàn thành",
        "Accept";
    return_work:
        "Trả lại",
        "Return";
    as_of:
        "Ngày",
        "As of";
    task_total:
        "Tổng số nhiệm vụ",
        "Tasks";
    by_timeliness:
        "Theo tình trạng",
        "By timeliness";
    tasks_by_timeliness:
        "Nhiệm vụ theo tình trạng",
        "Tasks by timeliness";
    departments_by_overdue:
        "Đơn vị có nhiều nhiệm vụ quá hạn nhất",
        "Departments by overdue tasks";
    overdue_by_department:
        "Nhiệm vụ quá hạn theo đơn vị",
        "Overdue tasks by department";
    review_queue:
        "Chờ xem xét",
        "Waiting for review";
    extension_requests:
        "Đề nghị gia hạn",
        "Extension requests";
    asks_for:
        "xin gia hạn đến",
        "asks for";
    note:
        "Ý kiến",
        "Note";
    approve:
        "Đồng ý gia hạn",
        "Approve";
    reject:
        "Không đồng ý",
        "Reject";
    overdue_tasks:
        "Nhiệm vụ quá hạn",
        "Overdue tasks";
    dashboard:
        "Tổng hợp tình hình thực hiện",
        "Dashboard";
    record_meeting:
        "Ghi nhận cuộc họp",
        "Record a meeting";
    committee:
        "Ban Chỉ đạo",
        "Committee";
    meeting_title:
        "Tên cuộc họp",
        "Title";
    held_on:
        "Ngày họp",
        "Held on";
    conclusion_notice:
        "Số thông báo kết luận",
        "Conclusion notice";
    record:
        "Ghi nhận",
        "Record";
    meetings:
        "Các cuộc họp",
        "Meetings";
    assign_directive:
        "Giao nhiệm vụ",
        "Assign a directive";
    directive:
        "Nội dung nhiệm vụ",
        "Directive";
    lead_department:
        "Đơn vị chủ trì",
        "Lead";
    deadline_or_ongoing:
        "Thời hạn (để trống nếu thường xuyên)",
        "Deadline (empty when ongoing)";
    co_owner_departments:
        "Đơn vị phối hợp",
        "Co-owners";
    split_across:
        "Giao cho từng đơn vị (mỗi đơn vị một nhiệm vụ)",
        "Split across (one task per department)";
    assign:
        "Giao nhiệm vụ",
        "Assign";
    tasks_menu:
        "Nhiệm vụ",
        "Tasks";
    meetings_menu:
        "Cuộc họp",
        "Meetings";
    dashboard_menu:
        "Tổng hợp",
        "Dashboard";
    sign_out:
        "Đăng xuất",
        "Sign out";
    language_code:
        "vi",
        "en";
    home:
        "Về trang chính",
        "Home";
    not_possible:
        "Không thực hiện được",
        "Not possible";
    too_large:
        "Nội dung gửi lên quá lớn",
        "What was sent is too large";
    signed_out_send_again:
        "Phiên đăng nhập đã hết; hãy đăng nhập lại rồi gửi lại biểu mẫu.",
        "You are not signed in any more; sign in and send the form again.";
    edit_directive:
        "Sửa nhiệm vụ",
        "Edit the directive";
    description:
        "Mô tả, căn cứ",
        "Description";
    reason_when_deadline_changes:
        "Lý do (bắt buộc khi đổi thời hạn)",
        "Reason (needed when the deadline changes)";
    save_changes:
        "Lưu thay đổi",
        "Save the changes";
    change_owners:
        "Đổi đơn vị thực hiện",
        "Change the departments";
    move_task:
        "Chuyển",
        "Move";
    cancel_task:
        "Hủy nhiệm vụ",
        "Cancel the task";
    reopen_task:
        "Mở lại nhiệm vụ",
        "Reopen the task";
    description_edited:
        "Đã sửa mô tả",
        "Description edited";
    administration:
        "Quản trị",
        "Administration";
    departments:
        "Các đơn vị",
        "Departments";
    code:
        "Mã",
        "Code";
    name:
        "Tên",
        "Name";
    email:
        "Thư điện tử",
        "E-mail";
    active:
        "Đang hoạt động",
        "Active";
    inactive_since:
        "Ngừng hoạt động từ",
        "Inactive since";
    work_passed_to:
        "công việc chuyển cho",
        "work passed to";
    create_department:
        "Thêm đơn vị",
        "Add a department";
    create:
        "Thêm",
        "Add";
    deactivate:
        "Ngừng hoạt động (không nhận nhiệm vụ mới)",
        "Deactivate (no new tasks)";
    reactivate:
        "Hoạt động trở lại",
        "Make active again";
    transfer_work:
        "Chuyển giao nhiệm vụ cho đơn vị kế thừa",
        "Transfer the open tasks to a successor";
    successor:
        "Đơn vị kế thừa",
        "Successor";
    preview_transfer:
        "Xem trước",
        "Preview";
    transfer_preview:
        "Xem trước việc chuyển giao",
        "What the transfer will move";
    open_tasks_led:
        "Nhiệm vụ đang chủ trì",
        "Open tasks it leads";
    open_tasks_co_owned:
        "Nhiệm vụ đang phối hợp",
        "Open tasks it co-owns";
    first_tasks_moving:
        "Các nhiệm vụ sẽ chuyển (tối đa 20 nhiệm vụ đầu)",
        "Tasks that will move (the first 20)";
    liaisons_losing_tasks:
        "Đầu mối của đơn vị (sẽ không còn thấy các nhiệm vụ này là của đơn vị mình)",
        "Its liaisons (they will no longer see these tasks as their department's)";
    reform:
        "Căn cứ sắp xếp (ghi vào nhật ký từng nhiệm vụ)",
        "The reform (written into each task's journal)";
    confirm_transfer:
        "Chuyển giao và ngừng hoạt động đơn vị",
        "Transfer and deactivate the department";
    transferred:
        "Đã chuyển giao nhiệm vụ",
        "Tasks transferred";
    tasks_moved:
        "nhiệm vụ đã chuyển sang",
        "tasks moved to";
    attach_document:
        "Gửi văn bản báo cáo",
        "Attach a report document";
    document_number:
        "Số văn bản",
        "Document number";
    document_date:
        "Ngày văn bản",
        "Document date";
    files:
        "Tệp (PDF, Word, Excel, PowerPoint, OpenDocument hoặc ảnh; tối đa {mb} MB mỗi tệp)",
        "Files (PDF, Word, Excel, PowerPoint, OpenDocument or pictures; up to {mb} MB each)";
    send:
        "Gửi",
        "Send";
    document:
        "Văn bản",
        "Document";
    dated:
        "ngày",
        "of";
    people:
        "Người dùng",
        "People";
    committees:
        "Các Ban Chỉ đạo",
        "Committees";
    role:
        "Vai trò",
        "Role";
    role_admin:
        "Quản trị viên",
        "Administrator";
    role_chair:
        "Trưởng ban",
        "Chair";
    role_secretary:
        "Thư ký",
        "Secretary";
    role_liaison:
        "Cán bộ đầu mối",
        "Liaison";
    role_viewer:
        "Người xem",
        "Viewer";
    no_department:
        "— không thuộc đơn vị —",
        "— no department —";
    department_or_committees:
        "Đơn vị / Ban",
        "Department / committees";
    inactive:
        "Đã ngừng",
        "Inactive";
    invite_person:
        "Mời người dùng",
        "Invite someone";
    department_for_liaisons:
        "Đơn vị (cho cán bộ đầu mối)",
        "Department (for liaisons)";
    committees_for_secretaries:
        "Các Ban (cho thư ký và người xem)",
        "Committees (for secretaries and viewers)";
    invite:
        "Mời và gửi đường dẫn đăng nhập",
        "Invite and send a sign-in link";
    invited:
        "Đã mời",
        "Invited";
    invitation_sent:
        "Đường dẫn đăng nhập đã được gửi tới",
        "A sign-in link was sent to";
    no_mail_give_link:
        "Chưa cấu hình máy chủ thư: hãy chuyển đường dẫn đăng nhập này cho người được mời (dùng được một lần):",
        "No mail server is set: give this sign-in link to the person (it works once):";
    deactivate_person:
        "Ngừng quyền truy cập (có hiệu lực ngay)",
        "End their access (at once)";
    chair:
        "Trưởng ban",
        "Chair";
    no_chair:
        "— chưa có —",
        "— none yet —";
    members:
        "Thành viên",
        "Members";
    members_who_act:
        "Thành viên (thư ký làm việc với Ban này; người xem)",
        "Members (the secretaries who act on it; viewers)";
    create_committee:
        "Thêm Ban Chỉ đạo",
        "Add a committee";
    short_name:
        "Tên viết tắt (dùng trong tiêu đề thư)",
        "Short name (for mail subjects)";
    short_name_short:
        "Tên viết tắt",
        "Short name";
    reminder_settings:
        "Cài đặt nhắc việc",
        "Reminder settings";
    time_zone:
        "Múi giờ",
        "Time zone";
    mail_language:
        "Ngôn ngữ thư nhắc",
        "Language of its mail";
    all_committees:
        "Tất cả các Ban",
        "All committees";
    show:
        "Xem",
        "Show";
    calendar_name:
        "Thời hạn nhiệm vụ",
        "Task deadlines";
    calendar_title:
        "Đưa thời hạn vào lịch của bạn",
        "Your deadlines in your calendar";
    calendar_explained:
        "Ứng dụng lịch (Google Calendar, Outlook, lịch trên điện thoại) có thể theo dõi một đường dẫn riêng của bạn: mỗi nhiệm vụ đang thực hiện là một sự kiện cả ngày vào ngày hết hạn, tự cập nhật khi nhiệm vụ thay đổi.",
        "Calendar applications (Google Calendar, Outlook, your phone's calendar) can follow an address of your own: each open task is an all-day event on its deadline, updated when the task changes.";
    calendar_make:
        "Tạo đường dẫn lịch",
        "Make my calendar address";
    calendar_renew:
        "Tạo đường dẫn mới (đường dẫn cũ ngừng hoạt động)",
        "Make a new address (the old one stops working)";
    calendar_revoke:
        "Thu hồi đường dẫn lịch",
        "Revoke my calendar address";
    calendar_ready:
        "Đường dẫn lịch của bạn (chỉ hiển thị một lần; thêm vào ứng dụng lịch bằng chức năng \"Thêm lịch theo URL\" / \"Đăng ký lịch\"):",
        "Your calendar address (shown this once; add it in your calendar application as \"subscribe by URL\"):";
    calendar_open_in_app:
        "Mở trong ứng dụng lịch",
        "Open in my calendar application";
    calendar_keep_secret:
        "Ai có đường dẫn này đều xem được các thời hạn: đừng chia sẻ. Nếu lỡ chia sẻ, hãy tạo đường dẫn mới hoặc thu hồi.",
        "Anyone with this address can see the deadlines: keep it to yourself. If it leaks, make a new one or revoke it.";
    download:
        "Tải về",
        "Download";
    import_directives:
        "Nhập nhiệm vụ từ bảng tính",
        "Import directives from a spreadsheet";
    import_explained:
        "Mỗi dòng một nhiệm vụ: tên nhiệm vụ, mã đơn vị chủ trì (nhiều mã: giao cho từng đơn vị), mã các đơn vị phối hợp, thời hạn (ngày/tháng/năm, để trống nếu thường xuyên), mô tả.",
        "One directive per row: the task, the lead department's code (several codes: one task each), the co-owners' codes, the deadline (day/month/year, empty when ongoing), a description.";
    import_template:
        "Tải mẫu (CSV)",
        "Download the template (CSV)";
    import_file:
        "Tệp Excel (.xlsx) hoặc CSV",
        "An Excel (.xlsx) or CSV file";
    import_refused:
        "Chưa nhập nhiệm vụ nào: hãy sửa các dòng sau rồi gửi lại tệp.",
        "Nothing was imported: correct these rows and send the file again.";
    import_ready:
        "Đọc được {n} nhiệm vụ. Kiểm tra rồi xác nhận:",
        "{n} directives read. Check them, then confirm:";
    import_confirm:
        "Giao {n} nhiệm vụ này",
        "Assign these {n} directives";
    row:
        "Dòng",
        "Row";
    problem:
        "Vấn đề",
        "Problem";
    back_to_meeting:
        "Quay lại cuộc họp",
        "Back to the meeting";
    token_not_valid:
        "Mã truy cập (token) không hợp lệ hoặc đã bị thu hồi.",
        "This access token is not valid, or has been revoked.";
    unreadable_form:
        "Không đọc được biểu mẫu.",
        "The form could not be read.";
}

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn every_text_is_written_in_both_languages() {
        for (name, vietnamese, english) in ALL {
            assert!(
                !vietnamese.trim().is_empty() && !english.trim().is_empty(),
                "{name}"
            );
            assert_ne!(vietnamese, english, "{name} is not translated");
        }
    }
}
