// The compiled engine as bytes (Screener::CompiledBytes, Screener::Create(lists, compiled)), so
// that opening a snapshot (cordon/sources.h) neither normalises the list names again nor rebuilds
// the index. Layout (core/wire.h, core/arrays.h):
//   version (string): the normaliser's version, a space and index::NameIndex::kFormat; bytes of
//   another version are ignored and the lists compiled
//   entities: list number[], entity number[] (the entities screened, after ID de-duplication)
//   names: entity[], name number[] (one per list name with comparable tokens)
//   token weights (score::TokenWeights::Encode), then the index (index::NameIndex::Encode)
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

namespace engine {

// Bytes written by another normaliser or in another encoded form are never decoded (they are
// compiled afresh from the lists).
std::string ScreenerImpl::CompiledVersion(const normalize::Normalizer& n) {
  return StrCat(n.version(), " ", index::NameIndex::kFormat);
}

std::string ScreenerImpl::CompiledBytes() const {
  std::string out;
  PutString(&out, CompiledVersion(*normalizer_));
  std::unordered_map<const Entity*, std::pair<uint32_t, uint32_t>> where;
  for (uint32_t l = 0; l < lists_.size(); ++l) {
    for (uint32_t e = 0; e < lists_[l].entities.size(); ++e) where[&lists_[l].entities[e]] = {l, e};
  }
  std::vector<uint32_t> list_of, entity_of;
  for (const Entity* e : entities_) {
    list_of.push_back(where.at(e).first);
    entity_of.push_back(where.at(e).second);
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
  WireReader r(compiled);
  auto bad = [&](std::string_view why) {
    if (r.ok()) r.Fail(why);
    return absl::DataLossError(StrCat("engine section: ", r.error()));
  };
  if (GetString(&r) != CompiledVersion(*s->normalizer_)) return bad("another version");
  std::vector<uint32_t> list_of, entity_of, owner, name_number;
  GetArray(&r, &list_of);
  GetArray(&r, &entity_of);
  if (!r.ok() || list_of.size() != entity_of.size()) return bad("entity table");
  GetArray(&r, &owner);
  GetArray(&r, &name_number);
  if (!r.ok() || owner.size() != name_number.size()) return bad("name table");
  s->weights_ = score::TokenWeights::Decode(&s->normalizer_->tables(), &r);
  if (s->weights_ == nullptr) return bad("token weights");
  absl::StatusOr<index::NameIndex> ix = index::NameIndex::Decode(&r);
  if (!ix.ok()) {
    return absl::DataLossError(StrCat("engine section: ", std::string(ix.status().message())));
  }
  if (ix->names() != owner.size()) return bad("index and name table disagree");
  if (!r.AtEnd()) return bad("trailing bytes");

  if (maker.joinable()) maker.join();
  if (!lists.ok()) return lists.status();
  s->lists_ = std::move(*lists);
  s->entities_.reserve(list_of.size());
  for (size_t i = 0; i < list_of.size(); ++i) {
    if (list_of[i] >= s->lists_.size() || entity_of[i] >= s->lists_[list_of[i]].entities.size()) {
      return bad("entity out of range");
    }
    s->entities_.push_back(&s->lists_[list_of[i]].entities[entity_of[i]]);
  }
  for (size_t i = 0; i < owner.size(); ++i) {
    if (owner[i] >= s->entities_.size() || name_number[i] >= s->entities_[owner[i]]->names.size()) {
      return bad("name out of range");
    }
  }
  s->index_ = std::move(*ix);
  s->names_.resize(owner.size());
  for (uint32_t i = 0; i < owner.size(); ++i) {
    ListName& n = s->names_[i];
    n.entity = owner[i];
    n.name_index = name_number[i];
    s->index_.NameTokens(i, &n.prepared.tokens, &n.prepared.joins, &n.prepared.weights);
  }
  return s;
}

}  // namespace engine
}  // namespace cordon
