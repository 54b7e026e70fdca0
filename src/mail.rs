//! Sending one message over SMTP with lettre (reminders and sign-in links alike), and telling failures that may pass (try again)
//! from failures that will not (give up and keep the server's reply).

use std::time::{Duration, SystemTime};

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::html::one_line;

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth another try later: 4xx replies, refused connections, timeouts.
    Transient(String),
    /// Will not get better: 5xx replies, an address the server refuses.
    Permanent(String),
}

/// A message ready to hand to the mail server.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to_name: Option<String>,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Without angle brackets; the same digest always gets the same one.
    pub message_id: String,
}

/// `Auto-Submitted: auto-generated` (RFC 3834): tells mail servers not to answer it.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

/// `X-Auto-Response-Suppress: All`: keeps Exchange from sending out-of-office replies.
#[derive(Clone)]
struct SuppressAutoResponses;

impl Header for SuppressAutoResponses {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Auto-Response-Suppress")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(SuppressAutoResponses)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "All".to_string())
    }
}

/// The SMTP connection settings and the sender.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtps://user:pass@host` (TLS, port 465),
    /// `smtp://user:pass@host?tls=required` (STARTTLS, port 587), `?tls=opportunistic`
    /// (STARTTLS when offered), or plain `smtp://host:25` for a relay on a trusted network.
    ///
    /// # Errors
    /// When the URL or the sender address is malformed.
    /// Up to `connections` connections are kept open and reused, one for each digest being sent;
    /// the pool runs a task of its own, so the mailer is made inside the service's runtime.
    pub fn new(
        smtp_url: &str,
        mail_from: &str,
        timeout: Duration,
        connections: u32,
    ) -> Result<Mailer, String> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err("the mailer is made inside the service's runtime".into());
        }
        let from: Mailbox = mail_from
            .parse()
            .map_err(|e| format!("mail_from \"{mail_from}\" is not an address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("smtp_url is not usable: {e}"))?
            .timeout(Some(timeout))
            .pool_config(PoolConfig::new().max_size(connections.max(1)))
            .build();
        Ok(Mailer { from, transport })
    }

    /// The domain of the sender, used in Message-IDs.
    pub fn domain(&self) -> String {
        self.from.email.domain().to_string()
    }

    /// Builds the message with its headers. Names and subjects are put on one line first: they
    /// come from many people, and a line break in a header would start a header of its own.
    /// Whatever else the mail library cannot encode becomes a `Permanent` failure of this one
    /// message rather than a panic of the sender.
    ///
    /// # Errors
    /// `Permanent` when the recipient's address cannot be used or the message cannot be built.
    pub fn message(&self, mail: &OutgoingMail) -> Result<Message, SendError> {
        let address = mail.to_email.parse().map_err(|e| {
            SendError::Permanent(format!("the address {} cannot be used: {e}", mail.to_email))
        })?;
        let name = mail
            .to_name
            .as_deref()
            .map(one_line)
            .filter(|n| !n.is_empty());
        let build = || {
            let message = Message::builder()
                .from(self.from.clone())
                .to(Mailbox::new(name.clone(), address))
                .subject(one_line(&mail.subject))
                .message_id(Some(format!("<{}>", one_line(&mail.message_id))))
                .date(SystemTime::now())
                .header(AutoSubmitted)
                .header(SuppressAutoResponses)
                .multipart(MultiPart::alternative_plain_html(
                    mail.text.clone(),
                    mail.html.clone(),
                ))?;
            // Encoding happens here too; a failure must surface now, not inside the transport.
            let _ = message.formatted();
            Ok::<_, lettre::error::Error>(message)
        };
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)) {
            Ok(Ok(message)) => Ok(message),
            Ok(Err(error)) => Err(SendError::Permanent(format!(
                "the message could not be built: {error}"
            ))),
            Err(_) => Err(SendError::Permanent(
                "the message could not be built: the mail library could not encode it".into(),
            )),
        }
    }

    /// Sends one message.
    ///
    /// # Errors
    /// `Transient` or `Permanent`, with the server's reply.
    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let message = self.message(mail)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(SendError::Permanent(error.to_string())),
            Err(error) => Err(SendError::Transient(error.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailer() -> Mailer {
        Mailer::new(
            "smtp://relay.local:25",
            "dondoc <dondoc@example.gov.vn>",
            Duration::from_secs(5),
            1,
        )
        .expect("a mailer")
    }

    fn mail_to(name: &str) -> OutgoingMail {
        OutgoingMail {
            to_name: Some(name.into()),
            to_email: "lienminh@thaibinh.gov.vn".into(),
            subject: "[BCĐ KTTT] 1 nhiệm vụ\r\nBcc: x@example.org".into(),
            text: "Kính gửi".into(),
            html: "<p>Kính gửi</p>".into(),
            message_id: "digest.1@example.gov.vn".into(),
        }
    }

    #[tokio::test]
    async fn names_with_line_breaks_cannot_add_headers() {
        let message = mailer()
            .message(&mail_to("Evil\r\nBcc: x@example.org"))
            .expect("the message is built");
        let raw = String::from_utf8_lossy(&message.formatted()).to_string();
        assert!(!raw.lines().any(|line| line.starts_with("Bcc:")), "{raw}");
        assert!(message.envelope().to().len() == 1, "one recipient only");
    }

    /// In a runtime, as the service builds it: the connection pool starts a task of its own.
    #[tokio::test]
    async fn every_kind_of_mail_server_address_is_accepted() {
        let timeout = Duration::from_secs(5);
        for url in [
            "smtp://relay.local:25",
            "smtp://user:secret@mail.example.gov.vn?tls=required",
            "smtp://mail.example.gov.vn?tls=opportunistic",
            "smtps://user:secret@mail.example.gov.vn",
        ] {
            assert!(
                Mailer::new(url, "dondoc <dondoc@example.gov.vn>", timeout, 1).is_ok(),
                "{url}"
            );
        }
        assert!(Mailer::new("http://example.gov.vn", "dondoc@example.gov.vn", timeout, 1).is_err());
        assert!(Mailer::new("smtp://relay.local", "not an address", timeout, 1).is_err());
    }

    /// Listens on a free port, plays a mail server by `answer`, and returns what the client sent
    /// together with how the send ended.
    async fn talk_to(
        url_of: impl Fn(u16) -> String,
        answer: impl FnOnce(tokio::net::TcpStream) -> tokio::task::JoinHandle<Vec<u8>> + Send + 'static,
    ) -> (Vec<u8>, Result<(), SendError>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let port = listener.local_addr().expect("an address").port();
        let mailer = Mailer::new(
            &url_of(port),
            "dondoc <dondoc@example.gov.vn>",
            Duration::from_secs(5),
            1,
        )
        .expect("a mailer");
        let server = tokio::spawn(async move {
            let (stream, _) = listener.accept().await.expect("the client connects");
            answer(stream).await.expect("the server's side ends")
        });
        let sent = mailer.send(&mail_to("Người nhận")).await;
        (server.await.expect("the server ran"), sent)
    }

    #[tokio::test]
    async fn the_mail_url_decides_how_the_connection_is_secured() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        // smtps: TLS from the first byte, on the port the URL names.
        let (said, sent) = talk_to(
            |port| format!("smtps://127.0.0.1:{port}"),
            |mut stream| {
                tokio::spawn(async move {
                    let mut first = vec![0; 3];
                    stream.read_exact(&mut first).await.expect("bytes");
                    first
                })
            },
        )
        .await;
        assert_eq!(said[0], 0x16, "a TLS handshake record: {said:?}");
        assert!(matches!(sent, Err(SendError::Transient(_))), "{sent:?}");

        // tls=required: a server that offers no STARTTLS is never given the message.
        let (said, sent) = talk_to(
            |port| format!("smtp://127.0.0.1:{port}?tls=required"),
            |mut stream| {
                tokio::spawn(async move {
                    stream
                        .write_all(b"220 test ESMTP\r\n")
                        .await
                        .expect("greet");
                    let mut heard = Vec::new();
                    let mut buffer = [0; 512];
                    loop {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                heard.extend_from_slice(&buffer[..n]);
                                let _ = stream.write_all(b"250 test\r\n").await;
                            }
                        }
                    }
                    heard
                })
            },
        )
        .await;
        let heard = String::from_utf8_lossy(&said);
        assert!(heard.starts_with("EHLO"), "{heard}");
        assert!(!heard.contains("MAIL FROM"), "{heard}");
        assert!(sent.is_err(), "{sent:?}");
    }
}
