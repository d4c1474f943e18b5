// Source maps (v3) for bundled workers: errors and stack traces name the file the user
// wrote ("src/index.ts:12:7"), not a line of the bundle. A map travels as a module of its
// own, "<module>.map", beside the module it describes.
#pragma once

#include <kj/string.h>
#include <kj/vector.h>

namespace shoal {

class SourceMap {
 public:
  // The map in `json`'s "sources" and "mappings", or nullptr when it is not one this reads
  // (a map only improves messages: a bad one is ignored, never an error).
  static kj::Maybe<SourceMap> parse(kj::StringPtr json);

  struct Position {
    unsigned source;  // an index into sources()
    unsigned line;    // 1-based
    unsigned column;  // 1-based
  };

  // Where the generated `line` and `column` (1-based, as V8 reports them) came from.
  kj::Maybe<Position> lookup(unsigned line, unsigned column) const;

  // The original files, as the map names them.
  kj::ArrayPtr<const kj::String> sources() const { return sourceNames; }

 private:
  struct Segment {
    unsigned generatedColumn;  // 0-based
    unsigned source;
    unsigned line;    // 0-based
    unsigned column;  // 0-based
  };
  kj::Vector<kj::String> sourceNames;
  kj::Vector<kj::Vector<Segment>> lines;  // by generated line (0-based), by column
};

// `text` with every "generated:LINE:COL" of a mapped module replaced by its original
// position: each entry of `maps` is the module's name as stack traces show it, its map,
// and how to show each of the map's sources.
struct MappedModule {
  kj::String generatedName;
  SourceMap map;
  kj::Vector<kj::String> sourceNames;  // by source index, as messages should show them
};
kj::String applySourceMaps(kj::ArrayPtr<const MappedModule> maps, kj::StringPtr text);

}  // namespace shoal
