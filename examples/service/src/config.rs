//! Command-line options.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::store::Location;

/// The usage text.
pub const USAGE: &str = "\
usage: mspkit-service --jwks FILE [--issuer ISS] [--audience AUD] [--db PATH|:memory:|URL]
                      [--addr IP:PORT] [--seed LOG.jsonl] [--token-key FILE]
       mspkit-service keygen DIR
       mspkit-service import --db FILE|URL LOG.jsonl...
       mspkit-service export --db FILE|URL [PROVIDER...] > LOG.jsonl
       mspkit-service token --signing-key DIR/signing.pem --sub UUID [--vendor] [--ttl 1h]
                      [--issuer ISS] [--audience AUD]

  --jwks FILE    the public keys (a JWKS document) bearer tokens are verified with; tokens
                 are JWTs signed EdDSA (Ed25519), ES256 or RS256 whose `sub` is the account id
  --issuer ISS   the `iss` tokens must carry (default mspkit-service)
  --audience AUD the `aud` tokens must carry (default mspkit-service)
  --header-timeout SECS  time to send a request's headers, and a keep-alive connection's
                 idle time between requests (default 10)
  --request-timeout SECS time from a request's headers to its answer (default 30)
  --max-body BYTES       the largest request body (default 1048576)
  --max-connections N    connections served at once (default 1024)
  --rate-limit N         requests per second per account, 0 for none (default 50)
  --shutdown-timeout SECS how long a stop waits for open requests (default 10)
  --snapshot-every N     store a provider's snapshot once N events follow the last (default 1000)
  --max-loaded-providers N  providers kept in memory; past it the least recently used are
                 dropped and loaded again (snapshot + tail) on their next request (default 1000)
  --group-commit N       SQLite: the most appends committed in one transaction, one fsync for
                 all, each answered once it committed (default 256; 1: a transaction each)

  --db PATH      the SQLite database file (created when missing; default mspkit-service.db),
                 or :memory: for a database that lives as long as the service, or a
                 postgres://USER[:PASSWORD]@HOST[:PORT]/DB URL for PostgreSQL (scale-out:
                 several services on one database)
  --addr IP:PORT where to listen (default 127.0.0.1:8080; port 0 picks a free one)
  --seed LOG     load the providers of an mspkit event log (JSON Lines) that the database
                 does not hold yet, for example examples/events.jsonl
  --token-key FILE the secret (at least 32 bytes) that signs set-up and invitation tokens;
                 without it a random key lives as long as the process (tokens die with it)
";

/// How to run the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The database.
    pub db: Location,
    /// Where to listen.
    pub addr: SocketAddr,
    /// An event log to seed the database from.
    pub seed: Option<PathBuf>,
    /// The file holding the token key (a random key per process when absent).
    pub token_key: Option<PathBuf>,
    /// The JWKS file bearer tokens are verified against (required to start).
    pub jwks: Option<PathBuf>,
    /// The issuer tokens must name.
    pub issuer: String,
    /// The audience tokens must name.
    pub audience: String,
    /// Timeouts, sizes and rates.
    pub limits: crate::serve::Limits,
    /// How many events may follow a snapshot before a write stores a new one.
    pub snapshot_every: u64,
    /// SQLite: the most appends committed in one transaction (group commit).
    pub group_commit: usize,
    /// The most providers kept loaded in memory (least recently used dropped past it).
    pub max_loaded_providers: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            db: Location::File(PathBuf::from("mspkit-service.db")),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            seed: None,
            token_key: None,
            jwks: None,
            issuer: crate::auth::DEFAULT_ISSUER.to_owned(),
            audience: crate::auth::DEFAULT_AUDIENCE.to_owned(),
            limits: crate::serve::Limits::default(),
            snapshot_every: crate::app::DEFAULT_SNAPSHOT_EVERY,
            group_commit: crate::store::DEFAULT_GROUP_COMMIT,
            max_loaded_providers: crate::loaded::DEFAULT_MAX_LOADED_PROVIDERS,
        }
    }
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value.trim().parse().map_err(|_| format!("`{flag}` needs a whole number, not `{value}`"))
}

fn seconds(flag: &str, value: &str) -> Result<std::time::Duration, String> {
    let seconds: u64 = number(flag, value)?;
    if seconds == 0 || seconds > 3600 {
        return Err(format!("`{flag}` is between 1 and 3600 seconds"));
    }
    Ok(std::time::Duration::from_secs(seconds))
}

/// What the command line asks for.
#[allow(clippy::large_enum_variant, reason = "parsed once at start")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Run with this configuration.
    Run(Config),
    /// Print the usage.
    Help,
}

impl Config {
    /// Parses the arguments (without the program name).
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
        let mut config = Self::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
                _ => (arg.clone(), None),
            };
            if flag == "--help" || flag == "-h" {
                return Ok(Parsed::Help);
            }
            let mut value =
                || inline.clone().or_else(|| args.next()).ok_or(format!("`{flag}` needs a value"));
            match flag.as_str() {
                "--db" => {
                    let v = value()?;
                    config.db = Location::parse(&v);
                }
                "--addr" => {
                    let v = value()?;
                    config.addr =
                        v.parse().map_err(|_| format!("`{v}` is not an address such as 127.0.0.1:8080"))?;
                }
                "--seed" => config.seed = Some(PathBuf::from(value()?)),
                "--token-key" => config.token_key = Some(PathBuf::from(value()?)),
                "--jwks" => config.jwks = Some(PathBuf::from(value()?)),
                "--issuer" => config.issuer = value()?,
                "--audience" => config.audience = value()?,
                "--header-timeout" => config.limits.header_read = seconds(&flag, &value()?)?,
                "--request-timeout" => config.limits.request = seconds(&flag, &value()?)?,
                "--shutdown-timeout" => config.limits.shutdown = seconds(&flag, &value()?)?,
                "--max-body" => config.limits.body_bytes = number(&flag, &value()?)?,
                "--max-connections" => config.limits.connections = number::<usize>(&flag, &value()?)?.max(1),
                "--snapshot-every" => config.snapshot_every = number::<u64>(&flag, &value()?)?.max(1),
                "--max-loaded-providers" => {
                    config.max_loaded_providers = number::<usize>(&flag, &value()?)?.max(1);
                }
                "--group-commit" => config.group_commit = number::<usize>(&flag, &value()?)?.max(1),
                "--rate-limit" => config.limits.per_account_per_second = number(&flag, &value()?)?,
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        Ok(Parsed::Run(config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        Config::from_args(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn options() {
        assert_eq!(parse(&[]), Ok(Parsed::Run(Config::default())));
        let Ok(Parsed::Run(c)) = parse(&["--db", ":memory:", "--addr=127.0.0.1:0", "--seed", "x.jsonl"])
        else {
            panic!("not parsed")
        };
        assert_eq!(c.db, Location::Memory);
        assert_eq!(c.addr.port(), 0);
        assert_eq!(c.seed, Some(PathBuf::from("x.jsonl")));
        assert_eq!(parse(&["--help"]), Ok(Parsed::Help));
        assert_eq!(parse(&["--db"]), Err("`--db` needs a value".to_owned()));
        assert_eq!(
            parse(&["--addr", "nowhere"]),
            Err("`nowhere` is not an address such as 127.0.0.1:8080".to_owned())
        );
        assert_eq!(parse(&["--port", "1"]), Err("unknown option `--port`".to_owned()));
        let Ok(Parsed::Run(c)) = parse(&["--group-commit", "1"]) else { panic!("not parsed") };
        assert_eq!(c.group_commit, 1);
        assert_eq!(Config::default().group_commit, crate::store::DEFAULT_GROUP_COMMIT);
        let Ok(Parsed::Run(c)) = parse(&["--max-loaded-providers=3"]) else { panic!("not parsed") };
        assert_eq!(c.max_loaded_providers, 3);
    }
}
