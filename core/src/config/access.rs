//! Who may open the admin pages: the administrator (every page) and the user (the pages a
//! phone's user may change), each with a password from the configuration, and a lockout
//! after repeated failures (the seed phones lock their web login the same way).

use crate::time::{Duration, Instant};

/// Who is logged in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `admin`: every page.
    Admin,
    /// `user`: the user's pages (features, keys, phonebook, dial plan).
    User,
}

/// The passwords and the lockout rule, from the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub admin_password: String,
    pub user_password: String,
    /// Failed logins in a row before the login locks (0: it never does).
    pub attempts: u32,
}

/// Why a login was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Wrong name or password; this many tries are left before the lockout (`None`: no
    /// lockout is configured).
    Wrong { left: Option<u32> },
    /// Too many failures: no login until then.
    Locked { until: Instant },
}

/// How long a lockout lasts.
pub const LOCKOUT: Duration = Duration::secs(300);

/// The login's state: failures so far and a lockout.
#[derive(Clone, Debug, Default)]
pub struct Gate {
    failures: u32,
    locked_until: Option<Instant>,
}

impl Gate {
    /// Try `name` and `password` at `now`.
    pub fn login(
        &mut self,
        access: &Access,
        name: &str,
        password: &str,
        now: Instant,
    ) -> Result<Role, Refused> {
        if let Some(until) = self.locked_until {
            if now < until {
                return Err(Refused::Locked { until });
            }
            self.locked_until = None;
            self.failures = 0;
        }
        let role = match name {
            "admin" if password == access.admin_password => Some(Role::Admin),
            "user" if password == access.user_password => Some(Role::User),
            _ => None,
        };
        if let Some(role) = role {
            self.failures = 0;
            return Ok(role);
        }
        self.failures += 1;
        if access.attempts == 0 {
            return Err(Refused::Wrong { left: None });
        }
        if self.failures >= access.attempts {
            let until = now + LOCKOUT;
            self.locked_until = Some(until);
            return Err(Refused::Locked { until });
        }
        Err(Refused::Wrong {
            left: Some(access.attempts - self.failures),
        })
    }
}

impl Role {
    /// Whether this role sees `page`.
    pub fn sees(self, page: super::schema::Page) -> bool {
        use super::schema::Page;
        match self {
            Role::Admin => true,
            Role::User => matches!(
                page,
                Page::Status
                    | Page::Features
                    | Page::Keys
                    | Page::Phonebook
                    | Page::CallLog
                    | Page::DialPlan
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access() -> Access {
        Access {
            admin_password: "admin".into(),
            user_password: "user".into(),
            attempts: 3,
        }
    }

    #[test]
    fn each_role_logs_in_with_its_own_password() {
        let mut g = Gate::default();
        assert_eq!(
            g.login(&access(), "admin", "admin", Instant(0)),
            Ok(Role::Admin)
        );
        assert_eq!(
            g.login(&access(), "user", "user", Instant(0)),
            Ok(Role::User)
        );
        assert_eq!(
            g.login(&access(), "user", "admin", Instant(0)),
            Err(Refused::Wrong { left: Some(2) })
        );
    }

    #[test]
    fn repeated_failures_lock_the_login_even_for_the_right_password_until_it_expires() {
        let mut g = Gate::default();
        let a = access();
        g.login(&a, "admin", "x", Instant(0)).unwrap_err();
        g.login(&a, "admin", "y", Instant(0)).unwrap_err();
        let until = Instant(0) + LOCKOUT;
        assert_eq!(
            g.login(&a, "admin", "z", Instant(0)),
            Err(Refused::Locked { until })
        );
        assert_eq!(
            g.login(&a, "admin", "admin", Instant(1000)),
            Err(Refused::Locked { until })
        );
        assert_eq!(g.login(&a, "admin", "admin", until), Ok(Role::Admin));
    }

    #[test]
    fn a_success_forgets_earlier_failures() {
        let mut g = Gate::default();
        let a = access();
        g.login(&a, "admin", "x", Instant(0)).unwrap_err();
        g.login(&a, "admin", "x", Instant(0)).unwrap_err();
        g.login(&a, "admin", "admin", Instant(0)).unwrap();
        assert_eq!(
            g.login(&a, "admin", "x", Instant(0)),
            Err(Refused::Wrong { left: Some(2) })
        );
    }

    #[test]
    fn the_user_sees_only_the_users_pages() {
        use crate::config::schema::Page;
        assert!(Role::User.sees(Page::Features));
        assert!(!Role::User.sees(Page::Account));
        assert!(!Role::User.sees(Page::Security));
        assert!(Page::ALL.iter().all(|p| Role::Admin.sees(*p)));
    }
}
