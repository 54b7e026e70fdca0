//! A small SMTP server on loopback for the tests: it records what it receives and answers
//! as told (451, 550, …), so that delivery, retries and failures can be checked for real.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub recipients: Vec<String>,
    pub raw: String,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.raw.as_bytes())
            .expect("a parsable message")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_string()
    }

    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    pub fn html(&self) -> String {
        self.parsed()
            .body_html(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    /// The Message-ID header, without angle brackets.
    pub fn message_id(&self) -> String {
        self.parsed().message_id().unwrap_or_default().to_string()
    }

    /// The header lines of the message, before the first empty line.
    pub fn header_block(&self) -> String {
        self.raw
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    replies: VecDeque<String>,
    /// Messages whose data arrived but were never answered.
    hung: Vec<Received>,
}

/// A scripted reply that is never sent: the sink takes the message and then says nothing, as a
/// mail server that hangs after DATA does.
const HANG: &str = "HANG";

pub struct SmtpSink {
    pub port: u16,
    state: Arc<Mutex<State>>,
    accepting: JoinHandle<()>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        SmtpSink::start_on(0).await
    }

    pub async fn start_on(port: u16) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("the SMTP sink binds");
        let port = listener.local_addr().expect("an address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let accepting = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, Arc::clone(&shared)));
            }
        });
        SmtpSink {
            port,
            state,
            accepting,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The next message is answered with `reply` (e.g. "451 4.3.0 Try later") instead of 250.
    pub fn answer_next_with(&self, reply: &str) {
        self.state
            .lock()
            .expect("sink state")
            .replies
            .push_back(reply.to_string());
    }

    /// The next message is taken and never answered.
    pub fn hang_next(&self) {
        self.answer_next_with(HANG);
    }

    /// The messages taken and never answered.
    pub fn hung(&self) -> Vec<Received> {
        self.state.lock().expect("sink state").hung.clone()
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().expect("sink state").received.clone()
    }

    /// The first message to `recipient`, waiting for it up to twenty seconds: some mail (sign-in
    /// links) is sent in the background, after the request has been answered.
    pub async fn wait_for(&self, recipient: &str) -> Received {
        self.wait_until(recipient, |m| m.recipients.iter().any(|r| r == recipient))
            .await
    }

    /// The first message that `matches`, waiting for it up to twenty seconds; `what` names it when
    /// none comes.
    pub async fn wait_until(&self, what: &str, matches: impl Fn(&Received) -> bool) -> Received {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            if let Some(mail) = self.received().into_iter().find(&matches) {
                return mail;
            }
            assert!(std::time::Instant::now() < deadline, "no mail came: {what}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// A port nothing listens on (for "the mail server is down").
pub async fn unused_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    listener.local_addr().expect("an address").port()
}

async fn converse(stream: TcpStream, state: Arc<Mutex<State>>) {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut recipients = Vec::new();
    let _ = writer.write_all(b"220 sink.test ESMTP\r\n").await;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: String = if command.starts_with("EHLO") {
            "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8".into()
        } else if command.starts_with("HELO")
            || command.starts_with("MAIL FROM")
            || command.starts_with("RSET")
            || command.starts_with("NOOP")
        {
            "250 OK".into()
        } else if command.starts_with("RCPT TO") {
            recipients.push(
                line.trim_end()[8..]
                    .trim()
                    .trim_matches(|c| c == '<' || c == '>')
                    .to_string(),
            );
            "250 OK".into()
        } else if command == "DATA" {
            let _ = writer
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await;
            let mut raw = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                raw.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let scripted = state.lock().expect("sink state").replies.pop_front();
            match scripted {
                Some(reply) if reply == HANG => {
                    state.lock().expect("sink state").hung.push(Received {
                        recipients: std::mem::take(&mut recipients),
                        raw,
                    });
                    std::future::pending::<()>().await;
                    return;
                }
                Some(reply) => reply,
                None => {
                    state.lock().expect("sink state").received.push(Received {
                        recipients: std::mem::take(&mut recipients),
                        raw,
                    });
                    "250 2.0.0 Queued".into()
                }
            }
        } else if command == "QUIT" {
            let _ = writer.write_all(b"221 Bye\r\n").await;
            return;
        } else {
            "502 Command not implemented".into()
        };
        if writer
            .write_all(format!("{reply}\r\n").as_bytes())
            .await
            .is_err()
        {
            return;
        }
    }
}
