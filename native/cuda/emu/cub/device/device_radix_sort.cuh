// The CUDA emulator's cub::DeviceRadixSort::SortPairs (see ../../cuda_runtime.h): CUB's two-call protocol
// (size query with a null buffer, then the sort), run in order on the stream, stable, on bits [begin, end).
#pragma once
#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "../../cuda_runtime.h"

namespace cub {

struct DeviceRadixSort {
  template <class Key, class Value, class NumItems>
  static cudaError_t SortPairs(void* temp, std::size_t& bytes, const Key* keysIn, Key* keysOut, const Value* valuesIn,
                               Value* valuesOut, NumItems n, int beginBit = 0, int endBit = sizeof(Key) * 8,
                               cudaStream_t stream = nullptr) {
    const std::size_t needed = std::size_t(n) * (sizeof(Key) + sizeof(Value)) + 256;
    if (forcelab_emu::answerSizeQuery(temp, bytes, needed)) return cudaSuccess;
    if (bytes < needed || n < 0 || beginBit < 0 || endBit > int(sizeof(Key) * 8) || beginBit > endBit) {
      return cudaErrorInvalidValue;
    }
    const std::size_t count = std::size_t(n);
    forcelab_emu::enqueue(stream, [=]() {
      const int width = endBit - beginBit;
      const Key mask = width >= int(sizeof(Key) * 8) ? ~Key(0) : ((Key(1) << width) - 1);
      auto bits = [&](Key k) { return Key(k >> beginBit) & mask; };
      std::vector<std::size_t> order(count);
      std::iota(order.begin(), order.end(), std::size_t(0));
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return bits(keysIn[a]) < bits(keysIn[b]);
      });
      std::vector<Key> keys(count);
      std::vector<Value> values(count);
      for (std::size_t i = 0; i < count; ++i) {
        keys[i] = keysIn[order[i]];
        values[i] = valuesIn[order[i]];
      }
      if (count) {
        std::memcpy(keysOut, keys.data(), count * sizeof(Key));
        std::memcpy(valuesOut, values.data(), count * sizeof(Value));
      }
    });
    return cudaSuccess;
  }
};

}  // namespace cub
