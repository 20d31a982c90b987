// Case management commands (docs/cases.md): users, policy, subjects, alerts, suppressions, audit.
// Thin: parse, call cordon/cases.h, format.
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cases/json.h"
#include "cases/retry.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cordon/cases.h"
#include "cordon/sources.h"
#include "core/files.h"
#include "core/strcat.h"
#include "service/auth.h"

namespace cordon::cli {
namespace {

using nlohmann::json;

// Exit code for a failed call: 2 for bad usage the library found (an unknown status name), else 1.
int Fail(std::string_view cmd, const absl::Status& st) {
  std::cerr << "cordon " << cmd << ": " << st.message() << "\n";
  return 1;
}

std::string DefaultActor() {
  const char* u = std::getenv("USER");
  return u && *u ? std::string(u) : "cli";
}

void AddDb(CLI::App* cmd, std::string* db) {
  cmd->add_option("--db", *db, "Case database: a file path, sqlite:PATH or postgresql://...")
      ->required();
}

// The store, opening it again while the database is unreachable or locked (a PostgreSQL
// restart; each attempt already waits up to 5 s), for up to `wait_s` seconds in all.
absl::StatusOr<std::unique_ptr<CaseStore>> OpenWaiting(const std::string& db, int wait_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
  while (true) {
    auto store = CaseStore::Open(db);
    if (store.ok() || !absl::IsUnavailable(store.status()) ||
        std::chrono::steady_clock::now() + std::chrono::seconds(1) > deadline) {
      return store;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// The store for a command whose writes are one transaction each (users, policy, assign, revoke):
// opened as OpenWaiting, and each write waiting as long (CaseStore::SetDbWait).
absl::StatusOr<std::unique_ptr<CaseStore>> OpenForWrites(const std::string& db, int wait_s) {
  auto store = OpenWaiting(db, wait_s);
  if (store.ok()) (*store)->SetDbWait(wait_s * 1000);
  return store;
}

void AddDbWait(CLI::App* cmd, int* wait_s, std::string_view what) {
  cmd->add_option("--db-wait", *wait_s,
                  StrCat("Seconds to wait for a database that is locked or unreachable (a "
                         "PostgreSQL restart), ",
                         what, " again on a fresh connection, before failing (default 60)"))
      ->check(CLI::Range(0, 3600));
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// ---- users, policy ---------------------------------------------------------------------------

// A password from standard input: on a terminal asked for twice without echo; otherwise the
// first line (so `printf '%s\n' "$PW" | cordon users passwd ...` and a file both work). Empty
// when nothing was given.
absl::StatusOr<std::string> ReadPassword(std::string_view user) {
  if (isatty(STDIN_FILENO) == 0) {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  termios old{};
  if (tcgetattr(STDIN_FILENO, &old) != 0) return absl::InternalError("cannot read the terminal");
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  std::string first, second;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::cerr << "Password for " << user << ": " << std::flush;
  std::getline(std::cin, first);
  if (!first.empty()) {
    std::cerr << "\nAgain: " << std::flush;
    std::getline(std::cin, second);
  }
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::cerr << "\n";
  if (!first.empty() && first != second) {
    return absl::InvalidArgumentError("the two passwords differ; nothing was changed");
  }
  return first;
}

// The Argon2id hash of a password read from stdin, checked first (service/auth.h). Empty when
// no password was given and `optional`.
absl::StatusOr<std::string> ReadPasswordHash(std::string_view user, bool optional) {
  auto password = ReadPassword(user);
  if (!password.ok()) return password.status();
  if (password->empty()) {
    if (optional) return std::string();
    return absl::InvalidArgumentError("no password on standard input");
  }
  if (auto st = service::CheckPassword(*password); !st.ok()) return st;
  return service::HashPassword(*password);
}

void RegisterUsers(CLI::App& app, int* exit_code) {
  CLI::App* users = app.add_subcommand(
      "users", "Users of the case database, their roles and web sign-in passwords");
  users->require_subcommand(1);
  struct Args {
    std::string db, name, role = "analyst", user;
    int db_wait = 60;  // seconds
  };
  auto a = std::make_shared<Args>();
  CLI::App* add = users->add_subcommand(
      "add",
      "Add a user (the first must be an admin). The web sign-in password is read from stdin (a "
      "terminal asks for it); none given: the user cannot sign in to the web application");
  AddDb(add, &a->db);
  add->add_option("name", a->name, "User name (one word)")->required();
  add->add_option("--role", a->role, "analyst, supervisor or admin")
      ->check(CLI::IsMember({"analyst", "supervisor", "admin"}));
  add->add_option("--user", a->user, "Who adds them (an admin; not needed for the first user)");
  AddDbWait(add, &a->db_wait, "the user is added");
  add->callback([a, exit_code] {
    auto store = OpenForWrites(a->db, a->db_wait);
    if (!store.ok()) return void(*exit_code = Fail("users add", store.status()));
    // The password is checked and hashed before anything is written.
    auto hash = ReadPasswordHash(a->name, /*optional=*/true);
    if (!hash.ok()) return void(*exit_code = Fail("users add", hash.status()));
    auto st = (*store)->AddUser(a->user, a->name, *ParseRole(a->role));
    if (!st.ok()) return void(*exit_code = Fail("users add", st));
    if (hash->empty()) {
      std::cerr << "cordon users add: " << a->name
                << " has no password: they cannot sign in to the web application until `cordon "
                   "users passwd`\n";
      return void(*exit_code = 0);
    }
    // The first user sets their own password; later ones are set by the admin adding them.
    st = (*store)->SetPasswordHash(a->user.empty() ? a->name : a->user, a->name, *hash);
    *exit_code = st.ok() ? 0 : Fail("users add", st);
  });

  auto p = std::make_shared<Args>();
  CLI::App* passwd = users->add_subcommand(
      "passwd",
      "Set a user's web sign-in password, read from stdin (a terminal asks for it); ends their "
      "sessions");
  AddDb(passwd, &p->db);
  passwd->add_option("name", p->name, "User name")->required();
  passwd->add_option("--user", p->user, "Who sets it (an admin, or the user themself)")->required();
  AddDbWait(passwd, &p->db_wait, "the password is set");
  passwd->callback([p, exit_code] {
    auto store = OpenForWrites(p->db, p->db_wait);
    if (!store.ok()) return void(*exit_code = Fail("users passwd", store.status()));
    auto hash = ReadPasswordHash(p->name, /*optional=*/false);
    if (!hash.ok()) return void(*exit_code = Fail("users passwd", hash.status()));
    auto st = (*store)->SetPasswordHash(p->user, p->name, *hash);
    *exit_code = st.ok() ? 0 : Fail("users passwd", st);
  });

  for (const bool disable : {true, false}) {
    auto d = std::make_shared<Args>();
    const char* verb = disable ? "disable" : "enable";
    CLI::App* cmd = users->add_subcommand(
        verb, disable ? "Disable a user: ends their sessions and refuses everything they do"
                      : "Enable a disabled user again");
    AddDb(cmd, &d->db);
    cmd->add_option("name", d->name, "User name")->required();
    cmd->add_option("--user", d->user, "Who does it (an admin)")->required();
    AddDbWait(cmd, &d->db_wait, StrCat("the user is ", verb, "d"));
    cmd->callback([d, exit_code, disable, verb] {
      auto store = OpenForWrites(d->db, d->db_wait);
      if (!store.ok()) return void(*exit_code = Fail(StrCat("users ", verb), store.status()));
      auto st = (*store)->SetUserDisabled(d->user, d->name, disable);
      *exit_code = st.ok() ? 0 : Fail(StrCat("users ", verb), st);
    });
  }

  auto l = std::make_shared<std::string>();
  CLI::App* list = users->add_subcommand("list", "List the users");
  AddDb(list, l.get());
  list->callback([l, exit_code] {
    auto store = CaseStore::Open(*l);
    if (!store.ok()) return void(*exit_code = Fail("users list", store.status()));
    auto us = (*store)->Users();
    if (!us.ok()) return void(*exit_code = Fail("users list", us.status()));
    for (const User& u : *us) {
      std::cout << Dump({{"name", u.name},
                         {"role", RoleName(u.role)},
                         {"created_at", u.created_at},
                         {"password", u.has_password},
                         {"disabled", u.disabled}})
                << "\n";
    }
  });
}

void RegisterPolicy(CLI::App& app, int* exit_code) {
  struct Args {
    std::string db, four_eyes, user;
    int good_guy_days = -1;
    int db_wait = 60;  // seconds
  };
  auto a = std::make_shared<Args>();
  CLI::App* p = app.add_subcommand("policy", "Show or set the four-eyes and good-guy policy");
  AddDb(p, &a->db);
  p->add_option("--four-eyes", a->four_eyes,
                "on: true matches and false positives need a "
                "second person's approval")
      ->check(CLI::IsMember({"on", "off"}));
  p->add_option("--good-guy-days", a->good_guy_days,
                "Good-guy entries expire after N days (0 "
                "never)");
  p->add_option("--user", a->user, "Who sets it (a supervisor or admin)");
  AddDbWait(p, &a->db_wait, "the policy is read and set");
  p->callback([a, exit_code] {
    auto store = OpenForWrites(a->db, a->db_wait);
    if (!store.ok()) return void(*exit_code = Fail("policy", store.status()));
    absl::StatusOr<Policy> policy;
    if (auto st = cases::WithRetry("reading the policy", "nothing was changed: run it again",
                                   a->db_wait * 1000,
                                   [&] {
                                     policy = (*store)->GetPolicy();
                                     return policy.status();
                                   });
        !st.ok()) {
      return void(*exit_code = Fail("policy", st));
    }
    if (!a->four_eyes.empty() || a->good_guy_days >= 0) {
      if (!a->four_eyes.empty()) policy->four_eyes = a->four_eyes == "on";
      if (a->good_guy_days >= 0) policy->good_guy_days = a->good_guy_days;
      if (auto st = (*store)->SetPolicy(a->user, *policy); !st.ok()) {
        return void(*exit_code = Fail("policy", st));
      }
    }
    std::cout << Dump({{"four_eyes", policy->four_eyes}, {"good_guy_days", policy->good_guy_days}})
              << "\n";
  });
}

// ---- subjects ----------------------------------------------------------------------------------

int RunImport(const std::string& db, const std::string& file, const std::string& user,
              int db_wait) {
  auto text = ReadFileToString(file);
  if (!text.ok()) return Fail("subjects import", text.status());
  auto store = OpenWaiting(db, db_wait);
  if (!store.ok()) return Fail("subjects import", store.status());
  auto r = (*store)->ImportSubjects(user, file, *text, db_wait * 1000);
  if (!r.ok()) return Fail("subjects import", r.status());
  for (const LineError& e : r->errors) {
    std::cerr << file << ":" << e.line << ": " << (e.id.empty() ? "" : "id " + e.id + ": ")
              << e.message << "\n";
  }
  std::cout << Dump({{"added", r->added},
                     {"updated", r->updated},
                     {"unchanged", r->unchanged},
                     {"errors", r->errors.size()}})
            << "\n";
  // Bad lines were reported and the rest imported; the exit code tells a script about them.
  return r->errors.empty() ? 0 : 1;
}

struct SubjectsScreenArgs {
  std::string db, user;
  std::vector<std::string> lists, previous;
  double threshold = kDefaultThreshold;
  unsigned threads = 0;
  bool all = false;
  int db_wait = 60;  // seconds
};

int RunSubjectsScreen(const SubjectsScreenArgs& a) {
  auto store = OpenWaiting(a.db, a.db_wait);
  if (!store.ok()) return Fail("subjects screen", store.status());
  auto screener = OpenCliScreener(a.lists);
  if (!screener.ok()) return Fail("subjects screen", screener.status());
  ScreenRunOptions o{.screen = {.threshold = a.threshold, .limit = 10},
                     .threads = a.threads,
                     .all = a.all,
                     .engine_version = StrCat("cordon ", CORDON_VERSION),
                     .db_wait_ms = a.db_wait * 1000};
  const bool tty = isatty(STDERR_FILENO);
  if (tty) {
    o.progress = [](size_t done, size_t total) {
      const int width = 40;
      const int filled = total ? static_cast<int>(width * done / total) : width;
      std::cerr << "\rscreening [" << std::string(filled, '#') << std::string(width - filled, ' ')
                << "] " << done << "/" << total << std::flush;
    };
  }
  absl::StatusOr<RunResult> r;
  if (!a.previous.empty()) {
    auto old_lists = LoadSources(a.previous);
    if (!old_lists.ok()) return Fail("subjects screen", old_lists.status());
    r = (*store)->Rescreen(a.user, *old_lists, **screener, o);
  } else {
    r = (*store)->Screen(a.user, **screener, o);
  }
  if (tty) std::cerr << "\n";
  if (!r.ok()) return Fail("subjects screen", r.status());
  std::cout << Dump(cases::RunResultToJson(*r)) << "\n";
  return 0;
}

void RegisterSubjects(CLI::App& app, int* exit_code) {
  CLI::App* subjects = app.add_subcommand("subjects", "The customer and counterparty base");
  subjects->require_subcommand(1);
  struct ImportArgs {
    std::string db, file, user = DefaultActor();
    int db_wait = 60;  // seconds
  };
  auto i = std::make_shared<ImportArgs>();
  CLI::App* imp = subjects->add_subcommand(
      "import", "Import subjects (JSON lines or CSV as screen --input; id required and unique)");
  AddDb(imp, &i->db);
  imp->add_option("file", i->file, "JSON lines or CSV file")->required();
  imp->add_option("--user", i->user, "Who imports (recorded in the audit trail)");
  AddDbWait(imp, &i->db_wait, "each block of 2,000 subjects is saved");
  imp->callback([i, exit_code] { *exit_code = RunImport(i->db, i->file, i->user, i->db_wait); });

  auto s = std::make_shared<SubjectsScreenArgs>();
  s->user = DefaultActor();
  CLI::App* scr = subjects->add_subcommand(
      "screen", "Screen the subjects that are new, changed or screened against other lists");
  AddDb(scr, &s->db);
  AddListsOption(scr, &s->lists);
  scr->add_option("--previous-lists", s->previous,
                  "The lists the subjects were screened against before: re-screen only the "
                  "subjects an added or changed entry can match (delta)")
      ->allow_extra_args(false);
  scr->add_flag("--all", s->all, "Screen every subject");
  scr->add_option("--threshold", s->threshold, "Alert threshold in [0,1]")
      ->check(CLI::Range(0.0, 1.0));
  scr->add_option("--threads", s->threads, "Screening threads (default: all cores)");
  scr->add_option("--user", s->user, "Who runs it (recorded in the audit trail)");
  scr->add_option("--db-wait", s->db_wait,
                  "Seconds the run waits for a database that is locked or unreachable (a "
                  "PostgreSQL restart) before failing (default 60)")
      ->check(CLI::Range(0, 3600));
  scr->callback([s, exit_code] { *exit_code = RunSubjectsScreen(*s); });
}

// ---- alerts
// --------------------------------------------------------------------------------------

std::string AlertRow(const Alert& a) {
  return fmt::format("{:>6}  {:<16} {:.2f}  {:<16} {:<20} {}\n", a.alert_id,
                     AlertStatusName(a.status), a.score, a.entity_id, a.subject_id, a.entity_name);
}

void RegisterAlerts(CLI::App& app, int* exit_code) {
  CLI::App* alerts = app.add_subcommand("alerts", "Alerts: list, show, assign, decide");
  alerts->require_subcommand(1);

  struct ListArgs {
    std::string db, format = "jsonl";
    AlertFilter filter;
  };
  auto l = std::make_shared<ListArgs>();
  CLI::App* list = alerts->add_subcommand("list", "List alerts (best score first)");
  AddDb(list, &l->db);
  list->add_option("--status", l->filter.status,
                   "open, in_review, escalated, pending_approval, true_match, false_positive, "
                   "delisted, or active (any not closed)");
  list->add_option("--subject", l->filter.subject_id, "Only this subject");
  list->add_option("--entity", l->filter.entity_id, "Only this list entry");
  list->add_option("--assigned", l->filter.assigned_to, "Only alerts assigned to this user");
  list->add_option("--kind", l->filter.kind,
                   "subject (customer screening) or message (held messages); default both")
      ->check(CLI::IsMember({"subject", "message"}));
  list->add_option("--min-score", l->filter.min_score, "Only alerts scoring at least this");
  list->add_option("--sort", l->filter.sort, "score (default), created (newest first) or id")
      ->check(CLI::IsMember({"score", "created", "id"}));
  list->add_option("--limit", l->filter.limit, "Alerts per page (default 50)");
  list->add_option("--offset", l->filter.offset, "Skip this many");
  list->add_option("--format", l->format, "jsonl or table")
      ->check(CLI::IsMember({"jsonl", "table"}));
  list->callback([l, exit_code] {
    auto store = CaseStore::Open(l->db);
    if (!store.ok()) return void(*exit_code = Fail("alerts list", store.status()));
    auto rows = (*store)->ListAlerts(l->filter);
    if (!rows.ok()) return void(*exit_code = Fail("alerts list", rows.status()));
    for (const Alert& a : *rows) {
      std::cout << (l->format == "jsonl" ? Dump(cases::AlertToJson(a, false)) + "\n" : AlertRow(a));
    }
  });

  struct OneArgs {
    std::string db;
    int64_t id = 0;
  };
  auto o = std::make_shared<OneArgs>();
  CLI::App* show = alerts->add_subcommand("show", "One alert with its hit and its history");
  AddDb(show, &o->db);
  show->add_option("alert_id", o->id, "Alert id")->required();
  show->callback([o, exit_code] {
    auto store = CaseStore::Open(o->db);
    if (!store.ok()) return void(*exit_code = Fail("alerts show", store.status()));
    auto a = (*store)->GetAlert(o->id);
    if (!a.ok()) return void(*exit_code = Fail("alerts show", a.status()));
    auto h = (*store)->AlertHistory(o->id);
    if (!h.ok()) return void(*exit_code = Fail("alerts show", h.status()));
    json j = cases::AlertToJson(*a, true);
    j["history"] = json::array();
    for (const AlertEvent& e : *h) j["history"].push_back(cases::AlertEventToJson(e));
    std::cout << Dump(j) << "\n";
  });

  struct DecideArgs {
    std::string db, decision, reason, user;
    int64_t id = 0;
    int db_wait = 60;  // seconds
  };
  auto d = std::make_shared<DecideArgs>();
  CLI::App* decide = alerts->add_subcommand("decide", "Decide an alert");
  AddDb(decide, &d->db);
  decide->add_option("alert_id", d->id, "Alert id")->required();
  decide
      ->add_option("--decision", d->decision,
                   "true_match, false_positive, escalate, approve or reject (four eyes)")
      ->required()
      ->check(CLI::IsMember({"true_match", "false_positive", "escalate", "approve", "reject"}));
  decide->add_option("--reason", d->reason, "Why (required)")->required();
  decide->add_option("--user", d->user, "Who decides (a registered user)")->required();
  AddDbWait(decide, &d->db_wait, "the decision is made");
  decide->callback([d, exit_code] {
    auto store = OpenWaiting(d->db, d->db_wait);
    if (!store.ok()) return void(*exit_code = Fail("alerts decide", store.status()));
    auto a = (*store)->Decide(
        {d->id, *ParseAlertDecision(d->decision), d->reason, d->user, d->db_wait * 1000});
    if (!a.ok()) return void(*exit_code = Fail("alerts decide", a.status()));
    std::cout << Dump(cases::AlertToJson(*a, false)) << "\n";
  });

  struct AssignArgs {
    std::string db, to, reason, user;
    int64_t id = 0;
    int db_wait = 60;  // seconds
  };
  auto s = std::make_shared<AssignArgs>();
  CLI::App* assign = alerts->add_subcommand("assign", "Assign an alert to a user (in review)");
  AddDb(assign, &s->db);
  assign->add_option("alert_id", s->id, "Alert id")->required();
  assign->add_option("--to", s->to, "The user who reviews it")->required();
  assign->add_option("--reason", s->reason, "Why (required)")->required();
  assign->add_option("--user", s->user, "Who assigns (a registered user)")->required();
  AddDbWait(assign, &s->db_wait, "the alert is assigned");
  assign->callback([s, exit_code] {
    auto store = OpenForWrites(s->db, s->db_wait);
    if (!store.ok()) return void(*exit_code = Fail("alerts assign", store.status()));
    auto st = (*store)->Assign(s->id, s->to, s->user, s->reason);
    if (!st.ok()) return void(*exit_code = Fail("alerts assign", st));
    // Assigned; the alert as it is now (a database lost since then is an error, not a crash).
    auto alert = (*store)->GetAlert(s->id);
    if (!alert.ok()) return void(*exit_code = Fail("alerts assign", alert.status()));
    std::cout << Dump(cases::AlertToJson(*alert, false)) << "\n";
  });
}

// ---- suppressions, audit ----------------------------------------------------------------------

void RegisterSuppressions(CLI::App& app, int* exit_code) {
  CLI::App* sup = app.add_subcommand("suppressions", "The good-guy list: list, revoke");
  sup->require_subcommand(1);
  struct Args {
    std::string db, reason, user;
    bool all = false;
    int64_t id = 0;
    int db_wait = 60;  // seconds
  };
  auto a = std::make_shared<Args>();
  CLI::App* list = sup->add_subcommand("list", "Good-guy entries in force (--all: every one)");
  AddDb(list, &a->db);
  list->add_flag("--all", a->all, "Also expired and revoked entries");
  list->callback([a, exit_code] {
    auto store = CaseStore::Open(a->db);
    if (!store.ok()) return void(*exit_code = Fail("suppressions list", store.status()));
    auto rows = (*store)->ListSuppressions(a->all);
    if (!rows.ok()) return void(*exit_code = Fail("suppressions list", rows.status()));
    for (const Suppression& s : *rows) std::cout << Dump(cases::SuppressionToJson(s)) << "\n";
  });
  auto r = std::make_shared<Args>();
  CLI::App* revoke = sup->add_subcommand("revoke", "Revoke a good-guy entry (supervisor, admin)");
  AddDb(revoke, &r->db);
  revoke->add_option("suppression_id", r->id, "Entry id")->required();
  revoke->add_option("--reason", r->reason, "Why (required)")->required();
  revoke->add_option("--user", r->user, "Who revokes")->required();
  AddDbWait(revoke, &r->db_wait, "the entry is revoked");
  revoke->callback([r, exit_code] {
    auto store = OpenForWrites(r->db, r->db_wait);
    if (!store.ok()) return void(*exit_code = Fail("suppressions revoke", store.status()));
    auto st = (*store)->RevokeSuppression(r->id, r->user, r->reason);
    *exit_code = st.ok() ? 0 : Fail("suppressions revoke", st);
  });
}

int RunAuditExport(const std::string& db, const std::string& out_path) {
  auto store = CaseStore::Open(db);
  if (!store.ok()) return Fail("audit export", store.status());
  std::ofstream file;
  if (!out_path.empty() && out_path != "-") {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) return Fail("audit export", absl::UnavailableError("cannot write " + out_path));
  }
  std::ostream& out = file.is_open() ? file : std::cout;
  int64_t after = 0;
  while (true) {
    auto page = (*store)->AuditPage(after, 10000);
    if (!page.ok()) return Fail("audit export", page.status());
    for (const AuditRecord& r : *page) out << Dump(cases::AuditRecordToJson(r)) << "\n";
    if (page->empty()) break;
    after = page->back().seq;
  }
  out.flush();
  if (!out) return Fail("audit export", absl::DataLossError("write failed"));
  return 0;
}

void RegisterAudit(CLI::App& app, int* exit_code) {
  CLI::App* audit = app.add_subcommand("audit", "The audit trail: verify, export");
  audit->require_subcommand(1);
  auto v = std::make_shared<std::string>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Recompute the hash chain; exit 1 naming the first bad record");
  AddDb(verify, v.get());
  verify->callback([v, exit_code] {
    auto store = CaseStore::Open(*v);
    if (!store.ok()) return void(*exit_code = Fail("audit verify", store.status()));
    auto r = (*store)->VerifyAudit();
    if (!r.ok()) return void(*exit_code = Fail("audit verify", r.status()));
    if (r->ok) {
      std::cout << "audit: " << r->checked << " records verified\n";
      *exit_code = 0;
    } else {
      std::cout << "audit: FAILED at record " << r->bad_seq << ": " << r->reason << " ("
                << r->checked << " records before it verified)\n";
      *exit_code = 1;
    }
  });
  auto e = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* exp = audit->add_subcommand("export", "Write the audit trail as JSON lines");
  AddDb(exp, &e->first);
  exp->add_option("-o,--output", e->second, "Output file (default: standard output)");
  exp->callback([e, exit_code] { *exit_code = RunAuditExport(e->first, e->second); });
}

}  // namespace

void RegisterCasesCommands(CLI::App& app, int* exit_code) {
  RegisterUsers(app, exit_code);
  RegisterPolicy(app, exit_code);
  RegisterSubjects(app, exit_code);
  RegisterAlerts(app, exit_code);
  RegisterSuppressions(app, exit_code);
  RegisterAudit(app, exit_code);
}

}  // namespace cordon::cli
