// Decoding of malformed list sections: these bytes pass no checksum in a real
// file, but the decoder must still refuse them cleanly (checksums prove only
// that a file is the one written, not that its writer was sound).
#include "snapshot/codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/wire.h"

namespace cordon::snapshot {
namespace {

using ::testing::HasSubstr;

std::string Strings(const std::vector<std::string>& v) {
  std::string out;
  PutVarint(&out, v.size());
  for (const std::string& s : v) {
    PutVarint(&out, s.size());
    out += s;
  }
  return out;
}

// A lists section with one list "x" (all strings = ref 0 except list = ref 1)
// announcing `entities` entities and no skipped notes.
std::string OneList(uint64_t entities) {
  std::string out;
  PutVarint(&out, 1);
  PutVarint(&out, 1);  // list code "x"
  for (int i = 0; i < 4; ++i) PutVarint(&out, 0);
  PutVarint(&out, 0);  // files
  PutVarint(&out, entities);
  PutVarint(&out, 0);  // skipped
  return out;
}

absl::Status Decode(const std::string& strings, const std::string& lists,
                    const std::string& entities) {
  return DecodeLists("t", strings, lists, entities, DecodeLimits{}).status();
}

TEST(CodecTest, MinimalEntityDecodes) {
  // 18 one-byte fields, all zero: the smallest possible entity.
  auto l = DecodeLists("t", Strings({"", "x"}), OneList(1), std::string(18, '\0'), {});
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->size(), 1u);
  EXPECT_EQ((*l)[0].version.list, "x");
  EXPECT_EQ((*l)[0].entities.size(), 1u);
}

TEST(CodecTest, RefusesMalformedSections) {
  const std::string strings = Strings({"", "x"});
  std::string entity(18, '\0');
  EXPECT_THAT(Decode(Strings({"a"}), OneList(0), "").message(),
              HasSubstr("string 0 must be empty"));
  EXPECT_THAT(Decode(Strings({"", "\xff"}), OneList(0), "").message(),
              HasSubstr("not valid UTF-8"));
  EXPECT_THAT(Decode(strings + "z", OneList(0), "").message(), HasSubstr("trailing bytes"));
  EXPECT_THAT(Decode(strings, OneList(2), entity).message(), HasSubstr("announces 2 entities"));
  EXPECT_THAT(Decode(strings, OneList(1), entity + "z").message(),
              HasSubstr("section 'entities' has 1 bytes after the last entity"));
  std::string bad_ref = entity;
  bad_ref[0] = 9;  // id -> string 9 of 2
  EXPECT_THAT(Decode(strings, OneList(1), bad_ref).message(),
              HasSubstr("section 'entities' byte offset 1: string reference 9 outside"));
  std::string bad_schema = entity;
  bad_schema[3] = 5;
  EXPECT_THAT(Decode(strings, OneList(1), bad_schema).message(),
              HasSubstr("invalid schema value 5"));
  std::string huge_count = entity.substr(0, 4) + "\xff\xff\xff\x7f" + entity.substr(5);
  EXPECT_THAT(Decode(strings, OneList(1), huge_count).message(), HasSubstr("cannot fit"));
  std::string long_varint = entity.substr(0, 4) + std::string(11, '\x80') + "abc";
  EXPECT_THAT(Decode(strings, OneList(1), long_varint).message(), HasSubstr("varint"));
}

TEST(CodecTest, TextBudgetBoundsExpansion) {
  // One 1000-byte string referenced by 3 remarks: 3000 bytes of text.
  const std::string strings = Strings({"", "x", std::string(1000, 'r')});
  std::string entity(17, '\0');
  entity += "\x03\x02\x02\x02";
  DecodeLimits tight;
  tight.max_text_bytes = 2500;
  EXPECT_THAT(DecodeLists("t", strings, OneList(1), entity, tight).status().message(),
              HasSubstr("budget"));
  DecodeLimits roomy;
  roomy.max_text_bytes = 3001;
  auto l = DecodeLists("t", strings, OneList(1), entity, roomy);
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ((*l)[0].entities[0].remarks.size(), 3u);
}

TEST(CodecTest, VarintRoundTripsExtremes) {
  for (uint64_t v : {uint64_t{0}, uint64_t{127}, uint64_t{128}, ~uint64_t{0}}) {
    std::string b;
    PutVarint(&b, v);
    WireReader r(b);
    EXPECT_EQ(r.Varint(), v);
    EXPECT_TRUE(r.ok() && r.AtEnd());
  }
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{-32768}, INT64_MIN, INT64_MAX}) {
    std::string b;
    PutSignedVarint(&b, v);
    WireReader r(b);
    EXPECT_EQ(r.SignedVarint(), v);
  }
}

}  // namespace
}  // namespace cordon::snapshot
