// The command-line side of the control API: `shoal deploy`, `shoal run` and
// `shoal workers ...`.
#pragma once

#include <kj/async-io.h>
#include <kj/string.h>

namespace shoal {

struct ControlTarget {
  kj::String url = kj::str("http://localhost:8081");  // the control API
  kj::String token;                                   // bearer token
};

struct ControlReply {
  unsigned status;
  kj::String body;  // JSON, as the server sent it
};

// One call to the control API. Throws a kj::Exception with a readable message when the
// server cannot be reached.
ControlReply callControlApi(kj::AsyncIoContext& io, const ControlTarget& target,
                            kj::StringPtr method, kj::StringPtr path, kj::StringPtr contentType,
                            kj::ArrayPtr<const kj::byte> body);

// The upload for `path`: a single file as JavaScript, or a folder as multipart/form-data
// with every .js/.mjs file in it (node_modules and dot-folders skipped) and, as the
// metadata part, its Wrangler configuration (control/wrangler-config.h) with its shoal.json
// over it, when it has either. Sets `contentType`, and `projectName` when a Wrangler file
// names the worker; prints what the Wrangler file asks that shoal does not honour. Throws
// if there is nothing to upload.
kj::Array<kj::byte> buildUpload(kj::StringPtr path, kj::String& contentType,
                                kj::Maybe<kj::String>& projectName);

// The body of POST /run for `path`: one .js/.mjs file as the task's main module, or a folder
// (its modules as `shoal deploy` finds them; its main module named by shoal.json's
// main_module or found as `shoal dev` does). With `inputJson` (JSON text, checked) the task
// is run(input); without, fetch() of a GET. Throws with a readable message.
kj::String buildRunTask(kj::StringPtr path, kj::Maybe<kj::StringPtr> inputJson);

}  // namespace shoal
