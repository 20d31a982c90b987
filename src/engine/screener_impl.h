// The Screener behind cordon::Screener::Create (include/cordon/screen.h). Exposed inside the
// project so that the brute-force reference in src/testing/ can score every list name with the
// same prepared data and the same scorer.
//
// Thread safety: immutable after Create(); every const method may be called from many threads.
#ifndef CORDON_ENGINE_SCREENER_IMPL_H_
#define CORDON_ENGINE_SCREENER_IMPL_H_

#include <functional>
#include <memory>
#include <vector>

#include "cordon/screen.h"
#include "index/name_index.h"
#include "normalize/normalizer.h"
#include "score/entity_score.h"
#include "score/weights.h"

namespace cordon::engine {

// One list name, prepared once at Create.
struct ListName {
  uint32_t entity = 0;      // index into entities()
  uint32_t name_index = 0;  // index into Entity::names
  score::PreparedName prepared;
};

// Scores a floating-point bound may differ from the exact score by rounding only; the index skips a
// name when its bound is below the threshold by more than this.
inline constexpr double kBoundSlack = 1e-4;

class ScreenerImpl final : public Screener {
 public:
  static absl::StatusOr<std::unique_ptr<ScreenerImpl>> Make(std::vector<LoadedList> lists);
  // A Screener from lists and the bytes CompiledBytes() gave for them (screener_compiled.cc),
  // without normalising a list name or building the index. The bytes must come from this
  // normaliser version and encoded form (Screener::Create(lists, compiled) checks that first).
  static absl::StatusOr<std::unique_ptr<ScreenerImpl>> FromCompiled(std::vector<LoadedList> lists,
                                                                    std::string_view compiled);
  // The same, the lists made by `lists` on a second thread while `compiled` is decoded.
  static absl::StatusOr<std::unique_ptr<ScreenerImpl>> FromCompiled(
      const std::function<absl::StatusOr<std::vector<LoadedList>>()>& lists,
      std::string_view compiled);
  // Screener::CreateBare.
  static absl::StatusOr<std::unique_ptr<ScreenerImpl>> FromBare(std::string_view ids,
                                                                std::string_view compiled);
  // Everything FromCompiled needs besides the lists.
  std::string CompiledBytes() const override;
  std::string BareIdBytes() const override;
  // The version line that starts them: the normaliser's version, a space and the index's
  // encoded form (index::NameIndex::kFormat).
  static std::string CompiledVersion(const normalize::Normalizer& n);

  std::vector<Hit> Screen(const ScreenQuery& query, const ScreenOptions& options) const override;
  CompareResult Compare(std::string_view name1, std::string_view name2,
                        std::optional<Schema> schema) const override;
  const std::vector<LoadedList>& lists() const override { return lists_; }

  // For the reference screener and tests.
  score::PreparedQuery PrepareQuery(const ScreenQuery& query) const;
  const std::vector<ListName>& list_names() const { return names_; }
  const std::vector<const Entity*>& entities() const { return entities_; }
  // The ID of entity `e` (entities() holds the one blank entity of a bare Screener).
  const std::string& EntityId(uint32_t e) const { return bare_ ? bare_ids_[e] : entities_[e]->id; }
  // Builds the hit for list name `n` with its explanation.
  Hit MakeHit(const score::PreparedQuery& q, uint32_t n) const;
  // Sorts best first (score, then entity id) and cuts to the limit.
  static void Finish(std::vector<Hit>* hits, size_t limit);
  const normalize::Normalizer& normalizer() const { return *normalizer_; }
  const index::NameIndex& name_index() const { return index_; }

 private:
  ScreenerImpl() = default;
  // Both FromCompiled: `make_lists` called on a second thread when `concurrent`.
  static absl::StatusOr<std::unique_ptr<ScreenerImpl>> Restore(
      const std::function<absl::StatusOr<std::vector<LoadedList>>()>& make_lists,
      std::string_view compiled, bool concurrent);
  // The tables of compiled bytes both restores share, read after the version line.
  struct CompiledTables {
    std::vector<uint32_t> list_of, entity_of, owner, name_number;
  };
  absl::Status DecodeCompiled(std::string_view compiled, CompiledTables* t);
  // names_ from the tables, their tokens in index_ (both decoded and checked).
  void SetNames(const CompiledTables& t);

  std::vector<LoadedList> lists_;
  std::vector<const Entity*> entities_;
  std::vector<ListName> names_;
  std::shared_ptr<const normalize::Normalizer> normalizer_;
  std::unique_ptr<score::TokenWeights> weights_;
  index::NameIndex index_;
  // A bare Screener (FromBare): every entities_ entry points at bare_entity_ (the list, the
  // schema and one empty name: all the scorer reads of a bare entity), the IDs are here.
  bool bare_ = false;
  std::vector<std::string> bare_ids_;
  Entity bare_entity_;
};

// Threshold actually applied: a threshold at or below zero would ask for every entity; hits
// need some name evidence, so the smallest meaningful threshold is used instead.
double EffectiveThreshold(double threshold);

}  // namespace cordon::engine

#endif  // CORDON_ENGINE_SCREENER_IMPL_H_
