// The CLI's usage text, in a module of its own: `encours --help` prints it without loading the
// database, the models or the reports (cli-main.ts).
export const USAGE = `Usage:
  encours import <files...> [--entity SIREN] [--mapping mapping.json] [--json]
  encours imports [--limit 20] [--json]
  encours imports remove <import id>
  encours report aging [--as-of YYYY-MM-DD] [--entity E] [--basis due|invoice] [--buckets 30,60,90] [--format csv|json]
  encours report dso [--entity E] [--format csv|json]
  encours report items --client C00042 [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
  encours report clients [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
  encours report provisions [--as-of YYYY-MM-DD] [--entity E] [--format csv|json|fec]
                   the provision proposed on the doubtful receivables (416) at a closing date; the CSV
                   is the working per invoice, the JSON adds the clients' allowances and reversals,
                   fec the entries to book (OD journal, one per client) as a FEC of the entity
  encours report write-offs [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
                   the write-offs (654, with the VAT recovered) up to the date: the CSV is one line
                   per write-off, the JSON adds the totals by fiscal year and by client
  encours report movement [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
                   the doubtful receivables (416) and their provisions (491) from the previous
                   closing to the date, per entity: opening, movements, closing
  encours report expected-loss [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
                   the provision matrix (IFRS 9 simplified approach): loss rates by bucket measured
                   on the ledger's history, applied at the date; the CSV is one line per bucket, then
                   the doubtful debts (their specific provision) and the unapplied credits; the JSON
                   adds the month-ends used
  encours report levers [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
                   the CFO's levers with the settings' inputs (levers): the cost of late payment, the
                   cash paying at terms or a shorter DSO would free, the early-payment discount per
                   client, factoring; the CSV is one line per client then the totals (client *), the
                   JSON the whole working
  encours report credit [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
                   credit limits: each client's exposure (its aged-balance total) against the limit
                   in force, use and status (over > 100 %, near > 80 %), who decided it, and a
                   suggested limit with its arithmetic; the CSV ends with the totals (client *:
                   limit_amount is what insurers' limits cover, use_pct its share of the exposure)
  encours forecast [--as-of YYYY-MM-DD] [--weeks 13] [--entity E] [--format csv|json]
  encours credit import <file.csv>   (credit limits: a credit insurer's list, or your own)
  encours credit set <client> <amount|none> --reason "why" [--insurer NAME] [--valid-until YYYY-MM-DD] [--entity E]
                   records a client's credit limit (none: withdraws it), with who and why
  encours credit limits [--client C] [--entity E] [--format csv|json]
                   every limit recorded, oldest first, with who decided it, when and why
  encours collections worklist [--as-of YYYY-MM-DD] [--entity E] [--owner NAME] [--level N] [--format csv|json]
  encours collections contacts <file.csv>   (contacts, owners and policies of clients)
  encours collections send [--as-of YYYY-MM-DD] [--entity E] [--owner NAME] [--level N] [--dry-run] [--format text|json]
                   the day's reminders by e-mail (SMTP from the settings or ENCOURS_SMTP_*); letters
                   needing a confirmation (formal notices) and those without an address are listed,
                   not sent; exit code 1 when a message failed or a letter cannot be written
  encours users [list] [--json]
  encours users add <name> --role viewer|analyst|admin   (--admin: --role admin)
  encours users passwd <name>
  encours users role <name> viewer|analyst|admin
  encours users disable <name> | enable <name>
  (a password is asked on the terminal, or read from the first line of standard input)

Options shared by every command:
  --db PATH        the database file (default data/encours.duckdb, or ENCOURS_DB)
  --settings PATH  the model settings: accounts, journals, payment terms, aging buckets… (default
                   settings.json beside the database, or ENCOURS_SETTINGS)
  --threads N      DuckDB's worker threads (default one per core, or ENCOURS_THREADS)
  --memory-limit SIZE
                   DuckDB's memory, like 2GB: beyond it, large imports spill to disk, slower
                   (default DuckDB's, 80 % of the machine's memory, or ENCOURS_MEMORY_LIMIT)
  --server URL     talk to the Encours server at URL (or ENCOURS_URL), signed in as ENCOURS_USER
                   with ENCOURS_PASSWORD. Without it, the CLI opens the database file, or, when an
                   Encours server of this machine holds the file, goes through that server.
A server uses its own settings, threads and memory: --settings, --threads and --memory-limit apply when the CLI opens the file.`;

/** Whether the arguments ask for the usage only: none, `help`, or --help / -h anywhere. */
export const asksForUsage = (argv: string[]) => argv.length === 0 || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h');
