//! Support tickets: what a user sends to the support team, checked once for both faces.

use crate::{
    api::{
        support::{
            NewTicket, SupportTicket, SupportTickets, CATEGORIES, MESSAGE_MAX, MESSAGE_MIN,
            SUBJECT_MAX,
        },
        ApiError, ErrorCode, FieldErrors,
    },
    server::{
        db::{self, support::TicketRow},
        AppError, AppState,
    },
};
use rand::Rng;

/// Tickets one user may open per hour: enough for any real conversation, not enough to flood the queue.
const TICKETS_PER_HOUR: i64 = 10;
/// The list shows the newest; older tickets stay in the data export.
const LIST_LIMIT: i64 = 100;
/// Ticket numbers use letters and digits that cannot be misread over the phone (no 0/O, 1/I/L).
const NUMBER_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

fn to_dto(row: TicketRow) -> SupportTicket {
    SupportTicket {
        id: row.id,
        number: row.number,
        category: row.category,
        subject: row.subject,
        message: row.message,
        status: row.status,
        created_at: db::rfc3339(row.created_at),
    }
}

/// The checked ticket, or every problem with it at once.
fn validate(ticket: NewTicket) -> Result<NewTicket, AppError> {
    let mut fields = FieldErrors::new();
    let mut fail =
        |field: &str, message: String| fields.entry(field.to_owned()).or_default().push(message);
    let subject = ticket.subject.trim().to_owned();
    let subject_len = subject.chars().count();
    if subject_len < 3 {
        fail(
            "subject",
            "Give your request a subject of at least 3 characters.".into(),
        );
    } else if subject_len > SUBJECT_MAX {
        fail(
            "subject",
            format!("Keep the subject under {SUBJECT_MAX} characters."),
        );
    } else if subject.chars().any(char::is_control) {
        fail(
            "subject",
            "The subject must be a single line of text.".into(),
        );
    }
    let category = ticket.category.trim().to_owned();
    if !CATEGORIES.iter().any(|(code, _)| *code == category) {
        fail("category", "Choose a category.".into());
    }
    let message = ticket.message.trim().to_owned();
    let message_len = message.chars().count();
    if message_len < MESSAGE_MIN {
        fail(
            "message",
            format!("Describe the problem in at least {MESSAGE_MIN} characters."),
        );
    } else if message_len > MESSAGE_MAX {
        fail(
            "message",
            format!("Keep the message under {MESSAGE_MAX} characters."),
        );
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields).into());
    }
    Ok(NewTicket {
        subject,
        category,
        message,
    })
}

fn ticket_number() -> String {
    let mut rng = rand::thread_rng();
    let code: String = (0..8)
        .map(|_| char::from(NUMBER_ALPHABET[rng.gen_range(0..NUMBER_ALPHABET.len())]))
        .collect();
    format!("SUP-{code}")
}

pub async fn create(
    state: &AppState,
    user_id: &str,
    ticket: NewTicket,
) -> Result<SupportTicket, AppError> {
    let ticket = validate(ticket)?;
    let now = db::now_ms();
    let recent = db::support::count_since(&state.db, user_id, now - 3_600_000).await?;
    if recent >= TICKETS_PER_HOUR {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "You have opened many tickets in the last hour. We will answer those first; try again later.",
        ));
    }
    let row = TicketRow {
        id: db::new_id(),
        user_id: user_id.to_owned(),
        // 31^8 numbers: a clash is vanishingly rare, and the UNIQUE constraint turns one into an error
        // rather than two tickets sharing a number.
        number: ticket_number(),
        category: ticket.category,
        subject: ticket.subject,
        message: ticket.message,
        status: "open".into(),
        created_at: now,
        updated_at: now,
    };
    db::support::insert(&state.db, &row).await?;
    tracing::info!(user_id, ticket = %row.number, "support ticket opened");
    Ok(to_dto(row))
}

pub async fn list(state: &AppState, user_id: &str) -> Result<SupportTickets, AppError> {
    let rows = db::support::list(&state.db, user_id, LIST_LIMIT).await?;
    Ok(SupportTickets {
        tickets: rows.into_iter().map(to_dto).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(subject: &str, category: &str, message: &str) -> NewTicket {
        NewTicket {
            subject: subject.into(),
            category: category.into(),
            message: message.into(),
        }
    }

    #[test]
    fn a_valid_ticket_is_trimmed() {
        let t =
            validate(ticket("  Refund  ", "billing", "  I was charged twice.  ")).expect("valid");
        assert_eq!(t.subject, "Refund");
        assert_eq!(t.message, "I was charged twice.");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let Err(AppError::Api(e)) = validate(ticket("x", "refunds", "short")) else {
            panic!("expected a validation error");
        };
        let mut names: Vec<&String> = e.fields.keys().collect();
        names.sort();
        assert_eq!(names, ["category", "message", "subject"]);
    }

    #[test]
    fn numbers_use_the_unambiguous_alphabet() {
        let n = ticket_number();
        assert_eq!(n.len(), 12);
        assert!(n[4..].bytes().all(|b| NUMBER_ALPHABET.contains(&b)), "{n}");
    }
}
