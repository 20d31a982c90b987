// The compiled engine in a snapshot (section "engine"), so that opening a snapshot neither
// normalises the list names again nor rebuilds the index. Layout (snapshot/wire.h, arrays.h):
//   normaliser version (string): a snapshot from another version is compiled afresh
//   entities: list number[], entity number[] (the entities screened, after ID de-duplication)
//   names: entity[], name number[] (one per list name with comparable tokens)
//   token weights (score::TokenWeights::Encode), then the index (index::NameIndex::Encode)
#include <unordered_map>

#include "cordon/snapshot.h"
#include "core/strcat.h"
#include "engine/screener_impl.h"
#include "snapshot/arrays.h"

namespace cordon {

inline constexpr std::string_view kEngineSection = "engine";

absl::StatusOr<std::unique_ptr<Screener>> Screener::Open(const std::vector<std::string>& paths,
                                                         const LoadOptions& options) {
  if (paths.size() == 1 && IsSnapshotFile(paths[0])) {
    absl::StatusOr<Snapshot> snap = ReadSnapshot(paths[0], options);
    if (!snap.ok()) return snap.status();
    const std::optional<std::string_view> section = snap->Section(kEngineSection);
    if (section) {
      // The section view lives as long as `snap`; the lists are moved out first.
      auto s = engine::ScreenerImpl::FromSnapshot(snap->TakeLists(), *section);
      if (!s.ok()) {
        return absl::Status(s.status().code(),
                            StrCat("snapshot ", paths[0], ": ", std::string(s.status().message())));
      }
      if (*s != nullptr) return std::unique_ptr<Screener>(std::move(*s));
      snap = ReadSnapshot(paths[0], options);  // stale engine section: compile the lists
      if (!snap.ok()) return snap.status();
    }
    return Create(snap->TakeLists());
  }
  auto lists = LoadSources(paths, options);
  if (!lists.ok()) return lists.status();
  return Create(std::move(*lists));
}

namespace engine {

std::string ScreenerImpl::EncodeSection() const {
  std::string out;
  snapshot::PutString(&out, normalizer_->version());
  std::unordered_map<const Entity*, std::pair<uint32_t, uint32_t>> where;
  for (uint32_t l = 0; l < lists_.size(); ++l) {
    for (uint32_t e = 0; e < lists_[l].entities.size(); ++e) where[&lists_[l].entities[e]] = {l, e};
  }
  std::vector<uint32_t> list_of, entity_of;
  for (const Entity* e : entities_) {
    list_of.push_back(where.at(e).first);
    entity_of.push_back(where.at(e).second);
  }
  snapshot::PutArray(&out, list_of);
  snapshot::PutArray(&out, entity_of);
  std::vector<uint32_t> owner, name_number;
  for (const ListName& n : names_) {
    owner.push_back(n.entity);
    name_number.push_back(n.name_index);
  }
  snapshot::PutArray(&out, owner);
  snapshot::PutArray(&out, name_number);
  weights_->Encode(&out);
  index_.Encode(&out);
  return out;
}

absl::Status ScreenerImpl::Save(const std::string& path) const {
  return WriteSnapshot(path, lists_, {{std::string(kEngineSection), EncodeSection()}});
}

absl::StatusOr<std::unique_ptr<ScreenerImpl>> ScreenerImpl::FromSnapshot(
    std::vector<LoadedList> lists, std::string_view section) {
  std::unique_ptr<ScreenerImpl> s(new ScreenerImpl());
  auto norm = normalize::Normalizer::Shared();
  if (!norm.ok()) return norm.status();
  s->normalizer_ = *norm;
  s->lists_ = std::move(lists);
  snapshot::WireReader r(section);
  auto bad = [&](std::string_view why) {
    if (r.ok()) r.Fail(why);
    return absl::DataLossError(StrCat("engine section: ", r.error()));
  };
  if (snapshot::GetString(&r) != s->normalizer_->version()) {
    if (!r.ok()) return bad("truncated");
    return std::unique_ptr<ScreenerImpl>();
  }
  std::vector<uint32_t> list_of, entity_of, owner, name_number;
  snapshot::GetArray(&r, &list_of);
  snapshot::GetArray(&r, &entity_of);
  if (!r.ok() || list_of.size() != entity_of.size()) return bad("entity table");
  for (size_t i = 0; i < list_of.size(); ++i) {
    if (list_of[i] >= s->lists_.size() || entity_of[i] >= s->lists_[list_of[i]].entities.size()) {
      return bad("entity out of range");
    }
    s->entities_.push_back(&s->lists_[list_of[i]].entities[entity_of[i]]);
  }
  snapshot::GetArray(&r, &owner);
  snapshot::GetArray(&r, &name_number);
  if (!r.ok() || owner.size() != name_number.size()) return bad("name table");
  for (size_t i = 0; i < owner.size(); ++i) {
    if (owner[i] >= s->entities_.size() || name_number[i] >= s->entities_[owner[i]]->names.size()) {
      return bad("name out of range");
    }
  }
  s->weights_ = score::TokenWeights::Decode(&s->normalizer_->tables(), &r);
  if (s->weights_ == nullptr) return bad("token weights");
  absl::StatusOr<index::NameIndex> ix = index::NameIndex::Decode(&r);
  if (!ix.ok()) {
    return absl::DataLossError(StrCat("engine section: ", std::string(ix.status().message())));
  }
  if (ix->names() != owner.size()) return bad("index and name table disagree");
  if (!r.AtEnd()) return bad("trailing bytes");
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
