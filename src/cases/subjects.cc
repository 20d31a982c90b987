// Subjects: import (new, changed -> marked for re-screening, unchanged), lookups.
#include <unordered_map>

#include "cases/retry.h"
#include "cases/store_impl.h"
#include "cases/subject_file.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "core/text.h"
#include "engine/json.h"

namespace cordon::cases {

// One readable subject of an import file.
struct StoreImpl::Incoming {
  size_t line = 0;
  std::string id, data, hash, name;
};

namespace {

using nlohmann::json;
using Incoming = StoreImpl::Incoming;

// Reads and checks one record: an object with a non-empty id and a usable name. The stored data
// is the object as given with the id as text, in canonical JSON (so that the same subject
// written with other spacing or key order is unchanged).
absl::StatusOr<Incoming> ReadIncoming(const SubjectRecord& r) {
  if (!r.object.ok()) return r.object.status();
  json j = *r.object;
  if (!j.is_object()) return absl::InvalidArgumentError("not a JSON object");
  const json* id = j.contains("id") ? &j["id"] : nullptr;
  if (id == nullptr || id->is_null() || (id->is_string() && id->get<std::string>().empty())) {
    return absl::InvalidArgumentError("id: required (a subject's own reference, unique)");
  }
  if (!id->is_string() && !id->is_number_integer()) {
    return absl::InvalidArgumentError("id: must be a string or an integer");
  }
  Incoming in{.line = r.line, .id = engine::QueryIdOf(j, "")};
  if (in.id.size() > 500) return absl::InvalidArgumentError("id: longer than 500 bytes");
  j["id"] = in.id;
  auto q = engine::QueryFromJson(j, in.id);
  if (!q.ok()) return q.status();
  in.name = q->query.name;
  in.data = Canonical(j);
  in.hash = "sha256:" + Sha256Hex(in.data);
  return in;
}

}  // namespace

absl::StatusOr<ImportResult> StoreImpl::ImportSubjects(std::string_view actor,
                                                       std::string_view name, std::string_view text,
                                                       int db_wait_ms) {
  // Text the databases store must be UTF-8 (PostgreSQL refuses anything else): refuse the file,
  // naming the byte offset, rather than store mangled names.
  if (auto st = ValidateUtf8(name, text); !st.ok()) return st;
  auto records = ReadSubjectRecords(name, text);
  if (!records.ok()) return records.status();
  ImportResult result;
  std::vector<Incoming> good;
  std::unordered_map<std::string, size_t> first_line;
  for (const SubjectRecord& r : *records) {
    auto in = ReadIncoming(r);
    if (!in.ok()) {
      std::string id = r.object.ok() ? engine::QueryIdOf(*r.object, "") : "";
      result.errors.push_back({r.line, std::move(id), std::string(in.status().message())});
      continue;
    }
    auto [it, fresh] = first_line.emplace(in->id, in->line);
    if (!fresh) {
      result.errors.push_back(
          {in->line, in->id, StrCat("id ", in->id, " repeats line ", it->second, " (ignored)")});
      continue;
    }
    good.push_back(std::move(*in));
  }
  // Blocks of subjects, each committed with its own audit record, so that a long import does not
  // hold the write lock for minutes and a crash keeps what was committed (importing again is
  // idempotent). A block is run again whole when the database was locked or unreachable: the
  // failed attempt committed nothing, and the attempt reads what is stored afresh. A block whose
  // COMMIT reply was lost is known saved by its audit record (AuditSaved), and is run again only
  // if it was not, so that its counts and its audit record are those of the attempt saved.
  constexpr size_t kBlock = 2000;
  for (size_t begin = 0; begin < good.size(); begin += kBlock) {
    const size_t end = std::min(good.size(), begin + kBlock);
    ImportResult block;
    AuditMark audited;
    auto attempt = [&]() -> absl::Status {
      block = {};
      last_audit_ = {};
      absl::Status st = ImportBlock(actor, name, good, begin, end, &block);
      audited = last_audit_;
      return st;
    };
    if (auto st = WithRetry(
            StrCat("importing lines ", good[begin].line, "-", good[end - 1].line, " of ", name),
            StrCat("the lines before were saved: import the file again, unchanged subjects stay "
                   "unchanged"),
            db_wait_ms, attempt, [&] { return AuditSaved(audited); });
        !st.ok()) {
      return st;
    }
    result.added += block.added;
    result.updated += block.updated;
    result.unchanged += block.unchanged;
  }
  return result;
}

absl::Status StoreImpl::ImportBlock(std::string_view actor, std::string_view name,
                                    const std::vector<Incoming>& good, size_t begin, size_t end,
                                    ImportResult* result) {
  constexpr size_t kBatch = 400;
  Transaction tx(db_.get());
  if (auto st = tx.Begin(); !st.ok()) return st;
  const std::string now = NowUtc();
  // The subjects' version, bumped with the change it marks (the row stays locked until COMMIT,
  // so versions are committed in order): a stored index of the subjects' names knows the
  // subjects up to its version and no later change (subject_index.cc).
  auto version = db_->Query("UPDATE subjects_version SET seq = seq + 1 WHERE id = 1 RETURNING seq");
  if (!version.ok()) return version.status();
  if (version->empty()) return absl::DataLossError("the subjects' version row is missing");
  const int64_t seq = version->Int(0, 0);
  size_t added = 0, updated = 0, unchanged = 0;
  Sha256 digest;  // of the ids and hashes this block changed, for the audit record
  for (size_t b = begin; b < end; b += kBatch) {
    const size_t e = std::min(end, b + kBatch);
    std::vector<SqlValue> ids;
    for (size_t i = b; i < e; ++i) ids.push_back(good[i].id);
    auto have = db_->Query(
        StrCat("SELECT id, data_hash FROM subjects WHERE id IN (", Placeholders(e - b, "?"), ")"),
        ids);
    if (!have.ok()) return have.status();
    std::unordered_map<std::string, std::string> stored;
    for (size_t i = 0; i < have->size(); ++i) stored[have->Text(i, 0)] = have->Text(i, 1);
    std::vector<SqlValue> insert;
    size_t inserts = 0;
    for (size_t i = b; i < e; ++i) {
      const Incoming& in = good[i];
      auto it = stored.find(in.id);
      if (it != stored.end() && it->second == in.hash) {
        ++unchanged;
        continue;
      }
      digest.Update(StrCat(in.id, " ", in.hash, "\n"));
      if (it == stored.end()) {
        insert.insert(insert.end(), {in.id, in.data, in.hash, in.name, seq, now, now});
        ++inserts;
        continue;
      }
      auto st = db_->Exec(
          "UPDATE subjects SET data = ?, data_hash = ?, name = ?, needs_screening = 1, "
          "changed_seq = ?, updated_at = ? WHERE id = ?",
          {in.data, in.hash, in.name, seq, now, in.id});
      if (!st.ok()) return st;
      ++updated;
    }
    if (inserts > 0) {
      auto st = db_->Exec(StrCat("INSERT INTO subjects (id, data, data_hash, name, "
                                 "needs_screening, changed_seq, created_at, updated_at) VALUES ",
                                 Placeholders(inserts, "(?, ?, ?, ?, 1, ?, ?, ?)")),
                          insert);
      if (!st.ok()) return st;
      added += inserts;
    }
  }
  json detail = {{"file", name},           {"lines", {good[begin].line, good[end - 1].line}},
                 {"added", added},         {"updated", updated},
                 {"unchanged", unchanged}, {"changed_sha256", digest.HexDigest()}};
  if (auto st = Audit(actor, "import", StrCat("file:", name), detail); !st.ok()) return st;
  result->added = added;
  result->updated = updated;
  result->unchanged = unchanged;
  return tx.Commit();
}

absl::StatusOr<Subject> StoreImpl::GetSubject(std::string_view id) {
  auto rows = db_->Query(
      "SELECT id, data, data_hash, name, needs_screening, lists_key, screened_at, updated_at "
      "FROM subjects WHERE id = ?",
      {std::string(id)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(StrCat("no subject ", id));
  return Subject{rows->Text(0, 0),     rows->Text(0, 1), rows->Text(0, 2), rows->Text(0, 3),
                 rows->Int(0, 4) != 0, rows->Text(0, 5), rows->Text(0, 6), rows->Text(0, 7)};
}

absl::StatusOr<size_t> StoreImpl::CountSubjects() {
  auto rows = db_->Query("SELECT COUNT(*) FROM subjects");
  if (!rows.ok()) return rows.status();
  return static_cast<size_t>(rows->Int(0, 0));
}

}  // namespace cordon::cases
