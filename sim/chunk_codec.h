// A chunk's accumulator as bytes, for the processes of a distributed run (sim/cluster.h): the
// accumulator loaded in another process merges bit for bit as the one saved would have.
#pragma once

#include "models/topology.h"
#include "sim/accumulator.h"
#include "sim/byte_codec.h"

namespace resim {

void save_accumulator(const ChunkAccumulator& chunk, ByteWriter& out);
// `into` was made for the same topology; every part of it is overwritten.
void load_accumulator(ByteReader& in, const Topology& topology, ChunkAccumulator& into);

}  // namespace resim
