// Small JSON helpers for the control API: reading with capnp's JSON codec, writing by
// hand (the API's answers are flat and few).
#pragma once

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/string.h>

namespace shoal {

// Parses `text` into `message`. A kj::Exception whose description starts "invalid JSON"
// if it is not JSON.
capnp::JsonValue::Reader parseJson(kj::ArrayPtr<const char> text,
                                   capnp::MallocMessageBuilder& message);

// The member `name` of a JSON object, or nullptr (also when `object` is no object).
kj::Maybe<capnp::JsonValue::Reader> jsonField(capnp::JsonValue::Reader object,
                                              kj::StringPtr name);

// The string value, or nullptr if `value` is not a string.
kj::Maybe<kj::StringPtr> jsonString(capnp::JsonValue::Reader value);

// `text` as a JSON string literal, quotes included.
kj::String jsonQuote(kj::StringPtr text);

}  // namespace shoal
