// Message hits as alerts (docs/cases.md "Message alerts"): the hits of messages held by `cordon
// message --db` and POST /v1/messages, recorded once each, suppressible like subject alerts.
#include <array>

#include "cases/store_impl.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "engine/json.h"
#include "inspect/result_json.h"

namespace cordon {

std::string_view MessageHitOutcomeName(MessageHitOutcome o) {
  switch (o) {
    case MessageHitOutcome::kCreated: return "created";
    case MessageHitOutcome::kRecorded: return "recorded";
    case MessageHitOutcome::kSuppressed: return "suppressed";
  }
  return "?";
}

namespace cases {
namespace {

using nlohmann::json;

// The party as screened: every attribute the inspector may screen or show, and nothing of where
// it stands in this message (role, path), so that the same counterparty in tomorrow's payment has
// the same data and hash, and a good-guy entry made on one message suppresses it in the next.
json PartyScreened(const Party& p) {
  json j = {{"name", p.name}};
  auto text = [&](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
  };
  if (p.schema) j["schema"] = SchemaName(*p.schema);
  text("given_name", p.given_name);
  text("family_name", p.family_name);
  if (!p.other_names.empty()) j["other_names"] = p.other_names;
  text("country", p.country);
  text("bic", p.bic);
  text("lei", p.lei);
  text("birth_date", p.birth_date.ToString());
  text("birth_place", p.birth_place);
  text("nationality", p.nationality);
  if (p.gender != Gender::kUnknown) j["gender"] = GenderName(p.gender);
  if (!p.address.empty()) {
    json a = json::object();
    if (!p.address.lines.empty()) a["lines"] = p.address.lines;
    const std::array<std::pair<const char*, const std::string*>, 5> parts = {{
        {"street", &p.address.street},
        {"postal_code", &p.address.postal_code},
        {"town", &p.address.town},
        {"region", &p.address.region},
        {"country", &p.address.country},
    }};
    for (const auto& [key, v] : parts) {
      if (!v->empty()) a[key] = *v;
    }
    j["address"] = std::move(a);
  }
  for (const TravelDocument& d : p.documents) {
    j["documents"].push_back({{"type", d.type},
                              {"number", d.number},
                              {"country", d.country},
                              {"expiry", d.expiry},
                              {"issued", d.issued}});
  }
  for (const PartyId& id : p.ids) {
    j["ids"].push_back({{"type", id.type}, {"value", id.value}, {"issuer", id.issuer}});
  }
  return j;
}

// The list entry a hit is on; an embargoed country or place stands where an entity would: its
// rule is the "entry".
std::string HitEntityId(const MessageHit& h) {
  if (h.kind == MessageHitKind::kJurisdiction) {
    return StrCat("jurisdiction:", h.rule.kind, ":", h.rule.value);
  }
  return h.match.entity_id;
}

// The idempotency key of one hit (docs/cases.md "Message alerts"): the message's content (its
// input's hash and byte offset), the hit's kind and field path, and the entry.
std::string MessageKey(const MessageScreening& s, const MessageHit& h) {
  return "sha256:" +
         Sha256Hex(StrCat(s.input_hash, "\n", s.message->offset, "\n", MessageHitKindName(h.kind),
                          "\n", h.path, "\n", HitEntityId(h)));
}

// What one hit of a message is about, in the alert's columns.
struct HitRow {
  std::string subject_id, subject_data, subject_hash;
  std::string entity_id, list, entity_name, matched_name, entity_hash, normalizer_version;
  double score = 0;
};

HitRow RowOf(const Message& m, const MessageHit& h,
             std::unordered_map<std::string, std::string>* entity_hashes) {
  HitRow r;
  json screened;
  if (h.party >= 0 && static_cast<size_t>(h.party) < m.parties.size()) {
    screened = PartyScreened(m.parties[h.party]);
    r.subject_id = "party:";
  } else {
    // A free text: the words that matched, and the kind of text they stand in.
    screened = {{"text", h.text}, {"text_kind", h.role}};
    r.subject_id = "text:";
  }
  r.subject_data = Canonical(screened);
  const std::string hex = Sha256Hex(r.subject_data);
  r.subject_hash = "sha256:" + hex;
  // 64 bits of the hash name the party: the same data, the same subject id (and history).
  r.subject_id += hex.substr(0, 16);
  r.entity_id = HitEntityId(h);
  if (h.kind == MessageHitKind::kJurisdiction) {
    r.list = "jurisdictions";
    r.entity_name = h.rule.label.empty() ? h.rule.value : h.rule.label;
    r.matched_name = h.text;
    r.score = 1;
    r.entity_hash =
        "sha256:" + Sha256Hex(Canonical(
                        {{"kind", h.rule.kind}, {"value", h.rule.value}, {"label", h.rule.label}}));
    return r;
  }
  r.list = h.match.list;
  r.entity_name = h.match.name;
  r.matched_name = h.match.matched_name;
  r.score = engine::RoundScore(h.match.score);
  r.normalizer_version = h.match.explanation.normalizer_version;
  auto [it, fresh] = entity_hashes->try_emplace(r.entity_id);
  if (fresh) it->second = h.match.entity ? EntityContentHash(*h.match.entity) : "";
  r.entity_hash = it->second;
  return r;
}

// The references of the transaction a field path is in (ISO 20022 PmtId): the one whose path
// starts the field's; null for a field outside every transaction (a header's party).
json PaymentIdsOf(const Message& m, const std::string& field_path) {
  for (const PaymentReference& p : m.payment_ids) {
    if (field_path.starts_with(p.path + "/")) {
      json j = {{"path", p.path}};
      if (!p.end_to_end_id.empty()) j["end_to_end_id"] = p.end_to_end_id;
      if (!p.uetr.empty()) j["uetr"] = p.uetr;
      if (!p.instruction_id.empty()) j["instruction_id"] = p.instruction_id;
      if (!p.transaction_id.empty()) j["transaction_id"] = p.transaction_id;
      return j;
    }
  }
  return nullptr;
}

json MessageJson(const MessageScreening& s, const MessageHit& h) {
  const Message& m = *s.message;
  return {{"type", m.format},       {"family", MessageFamilyName(m.family)},
          {"reference", m.id},      {"transaction", PaymentIdsOf(m, h.path)},
          {"locators", m.locators}, {"field_path", h.path},
          {"role", h.role},         {"hit_kind", MessageHitKindName(h.kind)},
          {"source", s.source},     {"index", s.index},
          {"offset", m.offset},     {"input_hash", s.input_hash}};
}

}  // namespace

absl::StatusOr<MessageRunResult> StoreImpl::RecordMessages(
    std::string_view actor, const std::vector<LoadedList>& lists, const MessageRunOptions& options,
    const std::vector<MessageScreening>& messages) {
  if (!options.request_key.empty()) {
    auto prior =
        db_->Query("SELECT request_key FROM requests WHERE request_key = ?", {options.request_key});
    if (!prior.ok()) return prior.status();
    if (!prior->empty()) return RecordedBefore(messages);
  }
  MessageRunResult out;
  RunResult& res = out.run;
  const std::string lists_json = Canonical(ListsJson(lists));
  const std::string lists_key = ListsKey(lists);
  json start_detail = {{"kind", "message"},
                       {"source", options.source},
                       {"messages", messages.size()},
                       {"lists", json::parse(lists_json)},
                       {"lists_key", lists_key}};
  if (!options.request_key.empty()) start_detail["request_key"] = options.request_key;
  {
    Transaction tx(db_.get());
    if (auto st = tx.Begin(); !st.ok()) return st;
    auto run = db_->Query(
        "INSERT INTO runs (kind, actor, started_at, lists, lists_key, status) "
        "VALUES ('message', ?, ?, ?, ?, 'running') RETURNING run_id",
        {std::string(actor), NowUtc(), lists_json, lists_key});
    if (!run.ok()) return run.status();
    res.run_id = run->Int(0, 0);
    if (auto st = Audit(actor, "run_start", StrCat("run:", res.run_id), start_detail); !st.ok()) {
      return st;
    }
    if (auto st = tx.Commit(); !st.ok()) return st;
  }
  std::unordered_map<std::string, std::string> entity_hashes;
  for (const MessageScreening& s : messages) {
    const RunResult before = res;
    auto hits = RecordMessage(actor, res.run_id, lists_json, options, s, &entity_hashes, &res);
    if (absl::IsAlreadyExists(hits.status())) {
      // Another writer recorded the same hit meanwhile (two requests with the same body on
      // PostgreSQL): its transaction has committed, so the second attempt finds it recorded.
      res = before;
      hits = RecordMessage(actor, res.run_id, lists_json, options, s, &entity_hashes, &res);
    }
    if (!hits.ok()) {
      res = before;
      return hits.status();
    }
    out.messages.push_back(std::move(*hits));
  }
  Transaction tx(db_.get());
  if (auto st = tx.Begin(); !st.ok()) return st;
  if (auto st =
          db_->Exec("UPDATE runs SET finished_at = ?, status = 'done', screened = ?, alerts = ? "
                    "WHERE run_id = ?",
                    {NowUtc(), static_cast<int64_t>(res.screened),
                     static_cast<int64_t>(res.alerts_created), res.run_id});
      !st.ok()) {
    return st;
  }
  json done_detail = {{"kind", "message"},
                      {"messages", res.screened},
                      {"hits", res.hits},
                      {"alerts_created", res.alerts_created},
                      {"already_recorded", res.already_recorded},
                      {"suppressed", res.suppressed}};
  if (!options.request_key.empty()) {
    done_detail["request_key"] = options.request_key;
    if (auto st = RecordMessageRequest(actor, options, messages, out); !st.ok()) return st;
  }
  if (auto st = Audit(actor, "run", StrCat("run:", res.run_id), done_detail); !st.ok()) {
    return st;
  }
  if (auto st = tx.Commit(); !st.ok()) return st;
  return out;
}

absl::Status StoreImpl::RecordMessageRequest(std::string_view actor,
                                             const MessageRunOptions& options,
                                             const std::vector<MessageScreening>& messages,
                                             const MessageRunResult& recorded) {
  // The alerts of its hits: made now, or by an earlier delivery of the same request that died
  // before this point (its messages' transactions had committed; they came back as recorded).
  std::string ids;
  for (const std::vector<MessageHitAlert>& m : recorded.messages) {
    for (const MessageHitAlert& a : m) {
      if (a.alert_id != 0) ids += StrCat(ids.empty() ? "" : " ", a.alert_id);
    }
  }
  const std::string input_hash = messages.empty() ? "" : messages[0].input_hash;
  std::string_view hex = input_hash;
  if (hex.starts_with("sha256:")) hex.remove_prefix(7);
  // Two deliveries recording at once both get here; the second finds the first's row.
  return db_->Exec(
      "INSERT INTO requests (request_key, source, actor, subject_id, subject_hash, hits, "
      "alert_ids, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_key) DO "
      "NOTHING",
      {options.request_key, options.source, std::string(actor),
       StrCat("message:", hex.substr(0, 16)), input_hash, static_cast<int64_t>(recorded.run.hits),
       ids, NowUtc()});
}

absl::StatusOr<MessageRunResult> StoreImpl::RecordedBefore(
    const std::vector<MessageScreening>& messages) {
  MessageRunResult out;
  out.duplicate = true;
  for (const MessageScreening& s : messages) {
    if (s.message == nullptr || s.result == nullptr) {
      return absl::InvalidArgumentError("RecordMessages: a message without its result");
    }
    std::vector<MessageHitAlert>& alerts = out.messages.emplace_back();
    for (const MessageHit& h : s.result->hits) {
      ++out.run.hits;
      auto known = db_->Query("SELECT alert_id, run_id FROM alerts WHERE message_key = ?",
                              {MessageKey(s, h)});
      if (!known.ok()) return known.status();
      if (known->empty()) {
        // Every message of a recorded request was committed: a hit without its alert was
        // suppressed by a good-guy entry.
        ++out.run.suppressed;
        alerts.push_back({MessageHitOutcome::kSuppressed, 0});
        continue;
      }
      ++out.run.already_recorded;
      alerts.push_back({MessageHitOutcome::kRecorded, known->Int(0, 0)});
      if (out.run.run_id == 0) out.run.run_id = known->Int(0, 1);
    }
    ++out.run.screened;
  }
  return out;
}

absl::StatusOr<std::vector<MessageHitAlert>> StoreImpl::RecordMessage(
    std::string_view actor, int64_t run_id, const std::string& lists_json,
    const MessageRunOptions& options, const MessageScreening& s,
    std::unordered_map<std::string, std::string>* entity_hashes, RunResult* res) {
  if (s.message == nullptr || s.result == nullptr) {
    return absl::InvalidArgumentError("RecordMessages: a message without its result");
  }
  std::vector<MessageHitAlert> out;
  Transaction tx(db_.get());
  if (auto st = tx.Begin(); !st.ok()) return st;
  if (db_->dialect() == Dialect::kPostgres) {
    // The audit chain's head first (the row lock every writer takes; SQLite's BEGIN IMMEDIATE
    // is the same): two recordings of the same message are then one after the other, and the
    // second finds the first's keys instead of failing on them or holding a lock it waits for.
    if (auto st = db_->Exec("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE"); !st.ok()) {
      return st;
    }
  }
  for (const MessageHit& h : s.result->hits) {
    ++res->hits;
    const HitRow row = RowOf(*s.message, h, entity_hashes);
    const std::string key = MessageKey(s, h);
    auto known = db_->Query("SELECT alert_id FROM alerts WHERE message_key = ?", {key});
    if (!known.ok()) return known.status();
    if (!known->empty()) {
      ++res->already_recorded;
      out.push_back({MessageHitOutcome::kRecorded, known->Int(0, 0)});
      continue;
    }
    const std::string now = NowUtc();
    auto good_guy = db_->Query(
        "SELECT suppression_id FROM suppressions WHERE subject_id = ? AND entity_id = ? AND "
        "subject_hash = ? AND entity_hash = ? AND revoked_at = '' AND "
        "(expires_at = '' OR expires_at > ?)",
        {row.subject_id, row.entity_id, row.subject_hash, row.entity_hash, now});
    if (!good_guy.ok()) return good_guy.status();
    if (!good_guy->empty()) {
      ++res->suppressed;
      out.push_back({MessageHitOutcome::kSuppressed, 0});
      continue;
    }
    // The last decision on the same party and entry (from any message) is shown with the alert;
    // unlike a subject, a message alerts even after a true match: each payment is held anew.
    auto last = db_->Query(
        "SELECT alert_id, status, subject_hash, entity_hash, decided_by, reason, updated_at "
        "FROM alerts WHERE subject_id = ? AND entity_id = ? ORDER BY alert_id DESC LIMIT 1",
        {row.subject_id, row.entity_id});
    if (!last.ok()) return last.status();
    int64_t previous_id = 0;
    std::string previous;
    if (!last->empty()) {
      previous_id = last->Int(0, 0);
      previous = StrCat(last->Text(0, 1), " by ", last->Text(0, 4), " at ", last->Text(0, 6), ": ",
                        last->Text(0, 5));
    }
    const std::string message = Canonical(MessageJson(s, h));
    auto alert = db_->Query(
        "INSERT INTO alerts (subject_id, entity_id, list, entity_name, matched_name, score, "
        "status, active, subject_data, subject_hash, entity_hash, hit, lists, engine_version, "
        "normalizer_version, run_id, previous_alert_id, previous_decision, created_at, "
        "updated_at, kind, message, message_key, request_key) VALUES (?, ?, ?, ?, ?, ?, 'open', "
        "1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'message', ?, ?, ?) RETURNING alert_id",
        {row.subject_id,
         row.entity_id,
         row.list,
         row.entity_name,
         row.matched_name,
         row.score,
         row.subject_data,
         row.subject_hash,
         row.entity_hash,
         Canonical(inspect::MessageHitToJson(h)),
         lists_json,
         options.engine_version,
         row.normalizer_version,
         run_id,
         previous_id,
         previous,
         now,
         now,
         message,
         key,
         options.request_key});
    if (!alert.ok()) return alert.status();
    const int64_t id = alert->Int(0, 0);
    if (auto st = db_->Exec("INSERT INTO alert_events (alert_id, time, user_name, action, "
                            "from_status, to_status, reason) VALUES (?, ?, ?, 'created', '', "
                            "'open', ?)",
                            {id, now, std::string(actor),
                             StrCat("message run ", run_id, ": ", s.message->format, " ",
                                    s.message->id, " ", h.path)});
        !st.ok()) {
      return st;
    }
    if (auto st = Audit(actor, "alert", StrCat("alert:", id),
                        {{"kind", "message"},
                         {"subject_id", row.subject_id},
                         {"entity_id", row.entity_id},
                         {"score", row.score},
                         {"run_id", run_id},
                         {"subject_hash", row.subject_hash},
                         {"entity_hash", row.entity_hash},
                         {"message_key", key},
                         {"message", json::parse(message)},
                         {"previous_alert_id", previous_id}});
        !st.ok()) {
      return st;
    }
    ++res->alerts_created;
    out.push_back({MessageHitOutcome::kCreated, id});
  }
  if (auto st = tx.Commit(); !st.ok()) return st;
  ++res->screened;
  return out;
}

}  // namespace cases
}  // namespace cordon
