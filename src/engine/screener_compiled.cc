// The compiled engine as bytes (Screener::CompiledBytes, Screener::Create(lists, compiled)), so
// that opening a snapshot (cordon/sources.h) neither normalises the list names again nor rebuilds
// the index. Layout (core/wire.h, core/arrays.h):
//   version (string): the normaliser's version, a space and index::NameIndex::kFormat; bytes of
//   another version are ignored and the lists compiled
//   entities: list number[], entity number[] (the entities screened, after ID de-duplication)
//   names: entity[], name number[] (one per list name with comparable tokens)
//   token weights (score::TokenWeights::Encode), then the index (index::NameIndex::Encode)
// A bare Screener's IDs (BareIdBytes, Screener::CreateBare) are bytes of their own:
//   list (string), schema (byte), ID count (varint), the IDs (strings) in the order of the
//   lists' entities, which the entity table above points into (list 0)
#include <thread>
#include <unordered_map>

#include "core/arrays.h"
#include "core/strcat.h"
#include "engine/screener_impl.h"

namespace cordon {

bool Screener::IsCurrentCompiled(std::string_view compiled) {
  auto norm = normalize::Normalizer::Shared();
  if (!norm.ok() || compiled.empty()) return false;
  WireReader r(compiled);
  const std::string version = GetString(&r);
  return r.ok() && version == engine::ScreenerImpl::CompiledVersion(**norm);
}

absl::StatusOr<std::unique_ptr<Screener>> Screener::Create(std::vector<LoadedList> lists,
                                                           std::string_view compiled) {
  // The lists are at hand: the overload below takes them when it needs them (once).
  return Create([&lists]() -> absl::StatusOr<std::vector<LoadedList>> { return std::move(lists); },
                compiled);
}

absl::StatusOr<std::unique_ptr<Screener>> Screener::Create(
    const std::function<absl::StatusOr<std::vector<LoadedList>>()>& lists,
    std::string_view compiled) {
  auto norm = normalize::Normalizer::Shared();
  if (!norm.ok()) return norm.status();
  WireReader r(compiled);
  const std::string version = compiled.empty() ? std::string() : GetString(&r);
  if (!r.ok()) return absl::DataLossError(StrCat("engine section: ", r.error()));
  if (version != engine::ScreenerImpl::CompiledVersion(**norm)) {
    auto made = lists();
    if (!made.ok()) return made.status();
    return Create(std::move(*made));
  }
  auto s = engine::ScreenerImpl::FromCompiled(lists, compiled);
  if (!s.ok()) return s.status();
  return std::unique_ptr<Screener>(std::move(*s));
}

absl::StatusOr<std::unique_ptr<Screener>> Screener::CreateBare(std::string_view ids,
                                                               std::string_view compiled) {
  if (!IsCurrentCompiled(compiled)) {
    return absl::FailedPreconditionError(
        "engine section: written by another normaliser version or encoded form");
  }
  auto s = engine::ScreenerImpl::FromBare(ids, compiled);
  if (!s.ok()) return s.status();
  return std::unique_ptr<Screener>(std::move(*s));
}

namespace engine {

// Bytes written by another normaliser or in another encoded form are never decoded (they are
// compiled afresh from the lists).
std::string ScreenerImpl::CompiledVersion(const normalize::Normalizer& n) {
  return StrCat(n.version(), " ", index::NameIndex::kFormat);
}

std::string ScreenerImpl::CompiledBytes() const {
  std::string out;
  PutString(&out, CompiledVersion(*normalizer_));
  std::vector<uint32_t> list_of, entity_of;
  if (bare_) {
    // One list, its entities in the order of bare_ids_ (FromBare put them so).
    list_of.assign(entities_.size(), 0);
    for (uint32_t e = 0; e < entities_.size(); ++e) entity_of.push_back(e);
  } else {
    std::unordered_map<const Entity*, std::pair<uint32_t, uint32_t>> where;
    for (uint32_t l = 0; l < lists_.size(); ++l) {
      for (uint32_t e = 0; e < lists_[l].entities.size(); ++e) {
        where[&lists_[l].entities[e]] = {l, e};
      }
    }
    for (const Entity* e : entities_) {
      list_of.push_back(where.at(e).first);
      entity_of.push_back(where.at(e).second);
    }
  }
  PutArray(&out, list_of);
  PutArray(&out, entity_of);
  std::vector<uint32_t> owner, name_number;
  for (const ListName& n : names_) {
    owner.push_back(n.entity);
    name_number.push_back(n.name_index);
  }
  PutArray(&out, owner);
  PutArray(&out, name_number);
  weights_->Encode(&out);
  index_.Encode(&out);
  return out;
}

// A bare entity: nothing but its ID, list, schema and one name of the default kind and
// strength. The ID, the list, the schema and the name's text are blanked in `e` (a copy).
static bool BareEntityRest(Entity e) {
  if (e.names.size() != 1) return false;
  e.id.clear();
  e.source_id.clear();
  e.list.clear();
  e.schema = Schema::kLegalEntity;
  e.names[0].full.clear();
  static const Entity kBlankEntity = [] {
    Entity b;
    b.names.emplace_back();
    return b;
  }();
  return e == kBlankEntity;
}

std::string ScreenerImpl::BareIdBytes() const {
  std::string out;
  if (bare_) {
    PutString(&out, bare_entity_.list);
    out.push_back(static_cast<char>(bare_entity_.schema));
    PutVarint(&out, bare_ids_.size());
    for (const std::string& id : bare_ids_) PutString(&out, id);
    return out;
  }
  if (lists_.size() != 1) return {};
  const std::vector<Entity>& all = lists_[0].entities;
  // Every entity screened, in list order (the entity table points into it): none dropped as a
  // duplicate ID.
  if (all.size() != entities_.size()) return {};
  for (const Entity& e : all) {
    if (e.id.empty() || e.list != all[0].list || e.schema != all[0].schema || !BareEntityRest(e)) {
      return {};
    }
  }
  PutString(&out, all.empty() ? lists_[0].version.list : all[0].list);
  out.push_back(static_cast<char>(all.empty() ? Schema::kLegalEntity : all[0].schema));
  PutVarint(&out, all.size());
  for (const Entity& e : all) PutString(&out, e.id);
  return out;
}

absl::StatusOr<std::unique_ptr<ScreenerImpl>> ScreenerImpl::FromCompiled(
    std::vector<LoadedList> lists, std::string_view compiled) {
  return Restore([&]() -> absl::StatusOr<std::vector<LoadedList>> { return std::move(lists); },
                 compiled, /*concurrent=*/false);
}

absl::StatusOr<std::unique_ptr<ScreenerImpl>> ScreenerImpl::FromCompiled(
    const std::function<absl::StatusOr<std::vector<LoadedList>>()>& lists,
    std::string_view compiled) {
  return Restore(lists, compiled, /*concurrent=*/true);
}

absl::StatusOr<std::unique_ptr<ScreenerImpl>> ScreenerImpl::Restore(
    const std::function<absl::StatusOr<std::vector<LoadedList>>()>& make_lists,
    std::string_view compiled, bool concurrent) {
  std::unique_ptr<ScreenerImpl> s(new ScreenerImpl());
  auto norm = normalize::Normalizer::Shared();
  if (!norm.ok()) return norm.status();
  s->normalizer_ = *norm;
  // The lists, made meanwhile on a second thread when `concurrent`: nothing decoded before the
  // range checks below needs them. The thread is joined on every return (before `lists` goes).
  absl::StatusOr<std::vector<LoadedList>> lists = absl::InternalError("lists not made");
  std::thread maker;
  if (concurrent) {
    maker = std::thread([&] { lists = make_lists(); });
  } else {
    lists = make_lists();
  }
  struct Joiner {
    std::thread* t;
    ~Joiner() {
      if (t->joinable()) t->join();
    }
  } joiner{&maker};
  CompiledTables t;
  if (auto st = s->DecodeCompiled(compiled, &t); !st.ok()) return st;
  auto bad = [](std::string_view why) {
    return absl::DataLossError(StrCat("engine section: ", why));
  };

  if (maker.joinable()) maker.join();
  if (!lists.ok()) return lists.status();
  s->lists_ = std::move(*lists);
  s->entities_.reserve(t.list_of.size());
  for (size_t i = 0; i < t.list_of.size(); ++i) {
    if (t.list_of[i] >= s->lists_.size() ||
        t.entity_of[i] >= s->lists_[t.list_of[i]].entities.size()) {
      return bad("entity out of range");
    }
    s->entities_.push_back(&s->lists_[t.list_of[i]].entities[t.entity_of[i]]);
  }
  for (size_t i = 0; i < t.owner.size(); ++i) {
    if (t.owner[i] >= s->entities_.size() ||
        t.name_number[i] >= s->entities_[t.owner[i]]->names.size()) {
      return bad("name out of range");
    }
  }
  s->SetNames(t);
  return s;
}

absl::StatusOr<std::unique_ptr<ScreenerImpl>> ScreenerImpl::FromBare(std::string_view ids,
                                                                     std::string_view compiled) {
  std::unique_ptr<ScreenerImpl> s(new ScreenerImpl());
  auto norm = normalize::Normalizer::Shared();
  if (!norm.ok()) return norm.status();
  s->normalizer_ = *norm;
  WireReader r(ids);
  auto bad_ids = [&](std::string_view why) {
    if (r.ok()) r.Fail(why);
    return absl::DataLossError(StrCat("bare IDs: ", r.error()));
  };
  s->bare_entity_.list = GetString(&r);
  const uint8_t schema = r.Byte();
  if (!r.ok() || schema > static_cast<uint8_t>(Schema::kAircraft)) return bad_ids("schema");
  s->bare_entity_.schema = static_cast<Schema>(schema);
  s->bare_entity_.names.emplace_back();
  std::vector<std::string> in_list(r.Count(1));
  for (std::string& id : in_list) id = GetString(&r);
  if (!r.ok()) return bad_ids("IDs");
  if (!r.AtEnd()) return bad_ids("trailing bytes");

  CompiledTables t;
  if (auto st = s->DecodeCompiled(compiled, &t); !st.ok()) return st;
  auto bad = [](std::string_view why) {
    return absl::DataLossError(StrCat("engine section: ", why));
  };
  // Entity e of the Screener is entity_of[e] of the one list; its ID moves to bare_ids_[e].
  s->bare_ids_.resize(t.list_of.size());
  for (size_t i = 0; i < t.list_of.size(); ++i) {
    if (t.list_of[i] != 0 || t.entity_of[i] >= in_list.size() || in_list[t.entity_of[i]].empty()) {
      return bad("entity out of range of the bare IDs, or one taken twice");
    }
    s->bare_ids_[i] = std::move(in_list[t.entity_of[i]]);  // emptied: taken once
  }
  for (size_t i = 0; i < t.owner.size(); ++i) {
    if (t.owner[i] >= t.list_of.size() || t.name_number[i] != 0) return bad("name out of range");
  }
  s->bare_ = true;
  s->lists_.resize(1);
  s->lists_[0].version.list = s->bare_entity_.list;
  s->entities_.assign(t.list_of.size(), &s->bare_entity_);
  s->SetNames(t);
  return s;
}

absl::Status ScreenerImpl::DecodeCompiled(std::string_view compiled, CompiledTables* t) {
  WireReader r(compiled);
  auto bad = [&](std::string_view why) {
    if (r.ok()) r.Fail(why);
    return absl::DataLossError(StrCat("engine section: ", r.error()));
  };
  if (GetString(&r) != CompiledVersion(*normalizer_)) return bad("another version");
  GetArray(&r, &t->list_of);
  GetArray(&r, &t->entity_of);
  if (!r.ok() || t->list_of.size() != t->entity_of.size()) return bad("entity table");
  GetArray(&r, &t->owner);
  GetArray(&r, &t->name_number);
  if (!r.ok() || t->owner.size() != t->name_number.size()) return bad("name table");
  weights_ = score::TokenWeights::Decode(&normalizer_->tables(), &r);
  if (weights_ == nullptr) return bad("token weights");
  absl::StatusOr<index::NameIndex> ix = index::NameIndex::Decode(&r);
  if (!ix.ok()) {
    return absl::DataLossError(StrCat("engine section: ", std::string(ix.status().message())));
  }
  if (ix->names() != t->owner.size()) return bad("index and name table disagree");
  if (!r.AtEnd()) return bad("trailing bytes");
  index_ = std::move(*ix);
  return absl::OkStatus();
}

void ScreenerImpl::SetNames(const CompiledTables& t) {
  names_.resize(t.owner.size());
  for (uint32_t i = 0; i < t.owner.size(); ++i) {
    ListName& n = names_[i];
    n.entity = t.owner[i];
    n.name_index = t.name_number[i];
    index_.NameTokens(i, &n.prepared.tokens, &n.prepared.joins, &n.prepared.weights);
  }
}

}  // namespace engine
}  // namespace cordon
