// The alert lifecycle (docs/cases.md): assignment, decisions with four eyes, the good-guy list.
#include "cases/retry.h"
#include "cases/store_impl.h"
#include "core/strcat.h"

namespace cordon::cases {
namespace {

using nlohmann::json;

constexpr std::string_view kAlertColumns =
    "alert_id, subject_id, entity_id, list, entity_name, matched_name, score, status, "
    "assigned_to, subject_data, subject_hash, entity_hash, hit, lists, engine_version, "
    "normalizer_version, run_id, previous_alert_id, previous_decision, pending_decision, "
    "pending_by, decided_by, reason, created_at, updated_at, request_key, kind, message, "
    "message_key";

Alert AlertFromRow(const SqlRows& r, size_t i) {
  Alert a;
  a.alert_id = r.Int(i, 0);
  a.subject_id = r.Text(i, 1);
  a.entity_id = r.Text(i, 2);
  a.list = r.Text(i, 3);
  a.entity_name = r.Text(i, 4);
  a.matched_name = r.Text(i, 5);
  a.score = r.Real(i, 6);
  a.status = ParseAlertStatus(r.Text(i, 7)).value_or(AlertStatus::kOpen);
  a.assigned_to = r.Text(i, 8);
  a.subject_data = r.Text(i, 9);
  a.subject_hash = r.Text(i, 10);
  a.entity_hash = r.Text(i, 11);
  a.hit = r.Text(i, 12);
  a.lists = r.Text(i, 13);
  a.engine_version = r.Text(i, 14);
  a.normalizer_version = r.Text(i, 15);
  a.run_id = r.Int(i, 16);
  a.previous_alert_id = r.Int(i, 17);
  a.previous_decision = r.Text(i, 18);
  a.pending_decision = r.Text(i, 19);
  a.pending_by = r.Text(i, 20);
  a.decided_by = r.Text(i, 21);
  a.reason = r.Text(i, 22);
  a.created_at = r.Text(i, 23);
  a.updated_at = r.Text(i, 24);
  a.request_key = r.Text(i, 25);
  a.kind = r.Text(i, 26);
  a.message = r.Text(i, 27);
  a.message_key = r.Text(i, 28);
  return a;
}

// A reason is required for every transition: the regulator asks why, years later.
absl::Status CheckReason(std::string_view reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return absl::InvalidArgumentError("a reason is required (--reason TEXT)");
  }
  if (reason.size() > 10000) return absl::InvalidArgumentError("reason: longer than 10000 bytes");
  return absl::OkStatus();
}

bool IsActive(AlertStatus s) { return !IsClosed(s); }

}  // namespace

absl::Status StoreImpl::Transition(const Alert& a, AlertStatus to, std::string_view user,
                                   std::string_view action, std::string_view reason,
                                   const json& extra_audit, const std::string* decided_by) {
  const std::string now = NowUtc();
  const std::string from(AlertStatusName(a.status));
  // The status in the WHERE clause makes two deciders of the same alert safe: the second finds
  // it changed and fails instead of overwriting the first.
  std::vector<SqlValue> params = {std::string(AlertStatusName(to)), int64_t{IsActive(to) ? 1 : 0},
                                  std::string(reason), now};
  if (decided_by) params.emplace_back(*decided_by);
  params.emplace_back(a.alert_id);
  params.emplace_back(from);
  auto done = db_->Query(decided_by ? "UPDATE alerts SET status = ?, active = ?, reason = ?, "
                                      "updated_at = ?, decided_by = ?, pending_decision = '', "
                                      "pending_by = '' WHERE alert_id = ? AND status = ? "
                                      "RETURNING alert_id"
                                    : "UPDATE alerts SET status = ?, active = ?, reason = ?, "
                                      "updated_at = ? WHERE alert_id = ? AND status = ? "
                                      "RETURNING alert_id",
                         params);
  if (!done.ok()) return done.status();
  if (done->empty()) {
    return absl::FailedPreconditionError(
        StrCat("alert ", a.alert_id, " changed meanwhile (it is no longer ", from, "); reload it"));
  }
  if (auto st = db_->Exec("INSERT INTO alert_events (alert_id, time, user_name, action, "
                          "from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          {a.alert_id, now, std::string(user), std::string(action), from,
                           std::string(AlertStatusName(to)), std::string(reason)});
      !st.ok()) {
    return st;
  }
  json detail = extra_audit.is_object() ? extra_audit : json::object();
  detail["from"] = from;
  detail["to"] = AlertStatusName(to);
  detail["reason"] = reason;
  return Audit(user, action, StrCat("alert:", a.alert_id), detail);
}

absl::StatusOr<Alert> StoreImpl::GetAlert(int64_t alert_id) {
  auto rows =
      db_->Query(StrCat("SELECT ", kAlertColumns, " FROM alerts WHERE alert_id = ?"), {alert_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(StrCat("no alert ", alert_id));
  return AlertFromRow(*rows, 0);
}

namespace {

// The WHERE clause of a filter and its parameters.
absl::StatusOr<std::string> FilterSql(const AlertFilter& f, std::vector<SqlValue>* params) {
  std::string where = "1 = 1";
  if (f.status == "active") {
    where += " AND active = 1";
  } else if (!f.status.empty()) {
    if (!ParseAlertStatus(f.status)) {
      return absl::InvalidArgumentError(
          StrCat("status '", f.status,
                 "': one of open, in_review, escalated, pending_approval, "
                 "true_match, false_positive, delisted, active"));
    }
    where += " AND status = ?";
    params->push_back(f.status);
  }
  auto eq = [&](std::string_view column, const std::string& value) {
    if (value.empty()) return;
    where += StrCat(" AND ", column, " = ?");
    params->push_back(value);
  };
  eq("subject_id", f.subject_id);
  eq("entity_id", f.entity_id);
  eq("list", f.list);
  eq("assigned_to", f.assigned_to);
  if (!f.kind.empty() && f.kind != "subject" && f.kind != "message") {
    return absl::InvalidArgumentError(StrCat("kind '", f.kind, "': subject or message"));
  }
  eq("kind", f.kind);
  if (f.min_score > 0) {
    where += " AND score >= ?";
    params->push_back(f.min_score);
  }
  // Times are stored as fixed-width UTC text ("2026-12-03T01:50:00.123Z"), which sorts as time.
  if (!f.created_after.empty()) {
    where += " AND created_at >= ?";
    params->push_back(f.created_after);
  }
  if (!f.created_before.empty()) {
    where += " AND created_at < ?";
    params->push_back(f.created_before);
  }
  return where;
}

}  // namespace

absl::StatusOr<std::vector<Alert>> StoreImpl::ListAlerts(const AlertFilter& f) {
  std::vector<SqlValue> params;
  auto where = FilterSql(f, &params);
  if (!where.ok()) return where.status();
  std::string order;
  // Keyset paging: the position of the previous page's last alert in the sort order. For score,
  // "score <= s" bounds the index range and the rest breaks ties by id (scores are stored
  // rounded, engine::RoundScore, so they compare exactly).
  const bool keyset = f.after_id > 0;
  if (f.sort == "score") {
    order = "score DESC, alert_id";
    if (keyset) {
      *where += " AND score <= ? AND (score < ? OR alert_id > ?)";
      params.insert(params.end(), {f.after_score, f.after_score, f.after_id});
    }
  } else if (f.sort == "created") {
    order = "alert_id DESC";
    if (keyset) {
      *where += " AND alert_id < ?";
      params.push_back(f.after_id);
    }
  } else if (f.sort == "id") {
    order = "alert_id";
    *where += " AND alert_id > ?";
    params.push_back(f.after_id);
  } else {
    return absl::InvalidArgumentError(StrCat("sort '", f.sort, "': score, created or id"));
  }
  if (f.limit == 0 || f.limit > 10000) {
    return absl::InvalidArgumentError("limit: 1 to 10000 alerts per page");
  }
  params.push_back(static_cast<int64_t>(f.limit));
  params.push_back(static_cast<int64_t>(f.offset));
  // The page's ids first, then their rows: the ids come from an index that holds the filter's
  // columns (migration 4), so the alerts passed over are never read, only the page's.
  auto rows = db_->Query(StrCat("SELECT ", kAlertColumns, " FROM alerts WHERE alert_id IN (",
                                "SELECT alert_id FROM alerts WHERE ", *where, " ORDER BY ", order,
                                " LIMIT ? OFFSET ?) ORDER BY ", order),
                         params);
  if (!rows.ok()) return rows.status();
  std::vector<Alert> out;
  out.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) out.push_back(AlertFromRow(*rows, i));
  return out;
}

absl::StatusOr<size_t> StoreImpl::CountAlerts(const AlertFilter& f) {
  std::vector<SqlValue> params;
  auto where = FilterSql(f, &params);
  if (!where.ok()) return where.status();
  auto rows = db_->Query(StrCat("SELECT COUNT(*) FROM alerts WHERE ", *where), params);
  if (!rows.ok()) return rows.status();
  return static_cast<size_t>(rows->Int(0, 0));
}

absl::StatusOr<std::vector<AlertEvent>> StoreImpl::AlertHistory(int64_t alert_id) {
  auto rows = db_->Query(
      "SELECT alert_id, time, user_name, action, from_status, to_status, reason "
      "FROM alert_events WHERE alert_id = ? ORDER BY event_id",
      {alert_id});
  if (!rows.ok()) return rows.status();
  std::vector<AlertEvent> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->Int(i, 0), rows->Text(i, 1), rows->Text(i, 2), rows->Text(i, 3),
                   rows->Text(i, 4), rows->Text(i, 5), rows->Text(i, 6)});
  }
  return out;
}

absl::Status StoreImpl::Assign(int64_t alert_id, std::string_view assignee, std::string_view user,
                               std::string_view reason) {
  if (auto st = CheckReason(reason); !st.ok()) return st;
  return RetriedWrite(
      StrCat("assigning alert ", alert_id), "it was not assigned: assign it again",
      [&]() -> absl::Status {
        Transaction tx(db_.get());
        if (auto st = tx.Begin(); !st.ok()) return st;
        auto role = RoleOf(user);
        if (!role.ok()) return role.status();
        auto assignee_role = RoleOf(assignee);
        if (!assignee_role.ok()) return assignee_role.status();
        if (*role == Role::kAnalyst && assignee != user) {
          return absl::PermissionDeniedError("an analyst may assign alerts only to themselves");
        }
        auto a = GetAlert(alert_id);
        if (!a.ok()) return a.status();
        if (IsClosed(a->status) || a->status == AlertStatus::kPendingApproval) {
          return absl::FailedPreconditionError(StrCat(
              "alert ", alert_id, " is ", AlertStatusName(a->status), ": it cannot be assigned"));
        }
        if (auto st = db_->Exec("UPDATE alerts SET assigned_to = ? WHERE alert_id = ?",
                                {std::string(assignee), alert_id});
            !st.ok()) {
          return st;
        }
        // An escalated alert stays escalated while a supervisor works it.
        const AlertStatus to =
            a->status == AlertStatus::kEscalated ? AlertStatus::kEscalated : AlertStatus::kInReview;
        if (auto st = Transition(*a, to, user, "assign", reason, {{"assignee", assignee}});
            !st.ok()) {
          return st;
        }
        return tx.Commit();
      });
}

absl::StatusOr<Alert> StoreImpl::Decide(const DecisionRequest& r) {
  if (auto st = CheckReason(r.reason); !st.ok()) return st;
  // Run again whole when the database was locked or unreachable: the failed attempt committed
  // nothing, and the attempt reads the alert afresh, so a decision is never applied twice. A
  // COMMIT whose reply was lost is resolved by the decision's audit record (AuditSaved).
  AuditMark audited;
  auto attempt = [&]() -> absl::Status {
    last_audit_ = {};
    absl::Status st = DecideOnce(r);
    audited = last_audit_;
    return st;
  };
  if (auto st = WithRetry(StrCat("saving the decision on alert ", r.alert_id),
                          "it was not applied: decide again", r.db_wait_ms, attempt,
                          [&] { return AuditSaved(audited); });
      !st.ok()) {
    return st;
  }
  return GetAlert(r.alert_id);
}

absl::Status StoreImpl::DecideOnce(const DecisionRequest& r) {
  Transaction tx(db_.get());
  if (auto st = tx.Begin(); !st.ok()) return st;
  auto role = RoleOf(r.user);
  if (!role.ok()) return role.status();
  auto a = GetAlert(r.alert_id);
  if (!a.ok()) return a.status();
  const std::string_view decision = AlertDecisionName(r.decision);
  if (IsClosed(a->status)) {
    return absl::FailedPreconditionError(StrCat("alert ", r.alert_id, " is closed (",
                                                AlertStatusName(a->status), " by ", a->decided_by,
                                                "): no further decision"));
  }
  const bool approval =
      r.decision == AlertDecision::kApprove || r.decision == AlertDecision::kReject;
  if (a->status == AlertStatus::kPendingApproval && !approval) {
    return absl::FailedPreconditionError(
        StrCat("alert ", r.alert_id, " waits for a second person to approve ", a->pending_decision,
               " by ", a->pending_by, " (--decision approve or reject)"));
  }
  if (approval && a->status != AlertStatus::kPendingApproval) {
    return absl::FailedPreconditionError(
        StrCat("alert ", r.alert_id, " has no decision waiting for approval"));
  }
  if (approval) {
    if (*role == Role::kAnalyst) {
      return absl::PermissionDeniedError("only a supervisor or admin may approve or reject");
    }
    if (r.user == a->pending_by) {
      return absl::PermissionDeniedError(
          StrCat("four eyes: ", r.user, " made this decision; another person must approve it"));
    }
  }
  if (a->status == AlertStatus::kEscalated && *role == Role::kAnalyst) {
    return absl::PermissionDeniedError(
        StrCat("alert ", r.alert_id, " is escalated: a supervisor decides it"));
  }
  if (r.decision == AlertDecision::kEscalate) {
    if (a->status == AlertStatus::kEscalated) {
      return absl::FailedPreconditionError(StrCat("alert ", r.alert_id, " is already escalated"));
    }
    if (auto st = Transition(*a, AlertStatus::kEscalated, r.user, "escalate", r.reason, {});
        !st.ok()) {
      return st;
    }
    return tx.Commit();
  }
  if (r.decision == AlertDecision::kReject) {
    if (auto st = db_->Exec("UPDATE alerts SET pending_decision = '', pending_by = '' "
                            "WHERE alert_id = ?",
                            {r.alert_id});
        !st.ok()) {
      return st;
    }
    if (auto st = Transition(*a, AlertStatus::kInReview, r.user, "reject", r.reason,
                             {{"rejected", a->pending_decision}, {"decided_by", a->pending_by}});
        !st.ok()) {
      return st;
    }
    return tx.Commit();
  }
  // true_match, false_positive, or the approval of one of them.
  auto policy = GetPolicy();
  if (!policy.ok()) return policy.status();
  const std::string final_decision = approval ? a->pending_decision : std::string(decision);
  const AlertStatus closed =
      final_decision == "true_match" ? AlertStatus::kTrueMatch : AlertStatus::kFalsePositive;
  if (!approval && policy->four_eyes) {
    if (auto st = db_->Exec("UPDATE alerts SET pending_decision = ?, pending_by = ? "
                            "WHERE alert_id = ?",
                            {final_decision, r.user, r.alert_id});
        !st.ok()) {
      return st;
    }
    if (auto st = Transition(*a, AlertStatus::kPendingApproval, r.user, decision, r.reason,
                             {{"four_eyes", true}});
        !st.ok()) {
      return st;
    }
    return tx.Commit();
  }
  const std::string decided_by =
      approval ? StrCat(a->pending_by, ", approved by ", r.user) : r.user;
  // One UPDATE for the status and who decided (a round trip less on PostgreSQL).
  if (auto st = Transition(*a, closed, r.user, decision, r.reason,
                           {{"decision", final_decision}, {"decided_by", decided_by}}, &decided_by);
      !st.ok()) {
    return st;
  }
  if (closed == AlertStatus::kFalsePositive) {
    const std::string expires =
        policy->good_guy_days > 0 ? UtcAfterDays(policy->good_guy_days) : "";
    auto s = db_->Query(
        "INSERT INTO suppressions (subject_id, entity_id, subject_hash, entity_hash, alert_id, "
        "created_by, created_at, expires_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING suppression_id",
        {a->subject_id, a->entity_id, a->subject_hash, a->entity_hash, r.alert_id, decided_by,
         NowUtc(), expires, std::string(r.reason)});
    if (!s.ok()) return s.status();
    if (auto st = Audit(r.user, "suppress", StrCat("suppression:", s->Int(0, 0)),
                        {{"alert_id", r.alert_id},
                         {"subject_id", a->subject_id},
                         {"entity_id", a->entity_id},
                         {"subject_hash", a->subject_hash},
                         {"entity_hash", a->entity_hash},
                         {"expires_at", expires}});
        !st.ok()) {
      return st;
    }
  }
  return tx.Commit();
}

absl::StatusOr<std::vector<Suppression>> StoreImpl::ListSuppressions(bool include_inactive) {
  const std::string now = NowUtc();
  std::string sql =
      "SELECT suppression_id, subject_id, entity_id, subject_hash, entity_hash, alert_id, "
      "created_by, created_at, expires_at, revoked_at, revoked_by, reason FROM suppressions";
  std::vector<SqlValue> params;
  if (!include_inactive) {
    sql += " WHERE revoked_at = '' AND (expires_at = '' OR expires_at > ?)";
    params.push_back(now);
  }
  sql += " ORDER BY suppression_id";
  auto rows = db_->Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<Suppression> out;
  for (size_t i = 0; i < rows->size(); ++i) {
    Suppression s{rows->Int(i, 0),  rows->Text(i, 1), rows->Text(i, 2),  rows->Text(i, 3),
                  rows->Text(i, 4), rows->Int(i, 5),  rows->Text(i, 6),  rows->Text(i, 7),
                  rows->Text(i, 8), rows->Text(i, 9), rows->Text(i, 10), rows->Text(i, 11)};
    s.active = s.revoked_at.empty() && (s.expires_at.empty() || s.expires_at > now);
    out.push_back(std::move(s));
  }
  return out;
}

absl::Status StoreImpl::RevokeSuppression(int64_t suppression_id, std::string_view user,
                                          std::string_view reason) {
  if (auto st = CheckReason(reason); !st.ok()) return st;
  return RetriedWrite(
      StrCat("revoking good-guy entry ", suppression_id), "it was not revoked: revoke it again",
      [&]() -> absl::Status {
        Transaction tx(db_.get());
        if (auto st = tx.Begin(); !st.ok()) return st;
        auto role = RoleOf(user);
        if (!role.ok()) return role.status();
        if (*role == Role::kAnalyst) {
          return absl::PermissionDeniedError(
              "only a supervisor or admin may revoke a good-guy entry");
        }
        auto done = db_->Query(
            "UPDATE suppressions SET revoked_at = ?, revoked_by = ? WHERE suppression_id = ? AND "
            "revoked_at = '' RETURNING subject_id, entity_id",
            {NowUtc(), std::string(user), suppression_id});
        if (!done.ok()) return done.status();
        if (done->empty()) {
          return absl::NotFoundError(
              StrCat("no good-guy entry ", suppression_id, " that is not revoked already"));
        }
        // The subject is screened again at the next run, and the pair alerts again.
        if (auto st = db_->Exec("UPDATE subjects SET needs_screening = 1 WHERE id = ?",
                                {done->Text(0, 0)});
            !st.ok()) {
          return st;
        }
        if (auto st = Audit(user, "revoke", StrCat("suppression:", suppression_id),
                            {{"subject_id", done->Text(0, 0)},
                             {"entity_id", done->Text(0, 1)},
                             {"reason", reason}});
            !st.ok()) {
          return st;
        }
        return tx.Commit();
      });
}

}  // namespace cordon::cases
