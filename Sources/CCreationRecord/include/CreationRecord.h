// The creation record: for every node, by serial, where it is and how far back its inputs were made.
//
// Serials are a topological order, so a backward pass can find a graph by scanning serials downward from its
// output instead of chasing pointers from node to node. Chasing is one dependent load after another, each
// likely to miss the cache: about 40 ns a node on a 100,000-node graph, where a scan of this flat record
// costs a few. (Node+CreationOrder.swift walks it; Node.swift writes it.)
//
// The record is one large reservation of address space, indexed by serial, that the system backs with memory
// only where it is written; a block of it is given back once every node of the block has died. It is C because
// Swift has no way to add to a counter in such memory atomically, and nodes die on whatever thread let go of them.
#ifndef GRADBOOK_CREATION_RECORD_H
#define GRADBOOK_CREATION_RECORD_H

#include <stdint.h>

/// One node's entry. All zero where nothing was recorded (or the block was given back).
typedef struct {
    /// The node object, not retained: valid only while something holds the node.
    const void *node;
    /// The node's value (NaN for a vector, a matrix or a formula), so a backward pass can read an input's value
    /// here, beside its neighbours, rather than from the input wherever it lies in memory.
    double value;
    /// How many serials before the node its first input was made (0: no inputs).
    uint32_t first_distance;
    /// The same for the second input (0: fewer than two). `GRADBOOK_READ_THE_NODE`: more than two inputs, or
    /// an input too far back to say here, so whoever walks must ask the node itself.
    uint32_t second_distance;
    /// At least how many nodes the node's graph has, and usually more (a node reached two ways counts twice):
    /// 1 plus its inputs', up to UINT32_MAX. What decides whether a walk is worth scanning the record for.
    uint32_t graph_size;
    /// What the node computes, where a backward pass can take its step from the record alone (`GRADBOOK_STEP_*`),
    /// so that it need not read the node: a number made by +, −, ×, negation or a function of one number, a leaf
    /// or a constant. `GRADBOOK_STEP_READ_THE_NODE` for anything else (vectors, matrices, formulas, log, …).
    uint8_t step;
    /// For `GRADBOOK_STEP_FUNCTION`, which function (`MathFunction.creationCode`).
    uint8_t function;
    /// Whether the node has been named after a binding (`h = relu(z)`): set when it is, for `backward(v)`'s table.
    uint8_t labelled;
    uint8_t unused;
} gradbook_creation_entry;

#define GRADBOOK_READ_THE_NODE UINT32_MAX

/// The values of `step`, in one place for Swift and C.
enum {
    GRADBOOK_STEP_READ_THE_NODE = 0,
    /// A named value with no inputs.
    GRADBOOK_STEP_LEAF = 1,
    /// Any other number with no inputs (a constant).
    GRADBOOK_STEP_SOURCE = 2,
    GRADBOOK_STEP_ADD = 3,
    GRADBOOK_STEP_SUBTRACT = 4,
    GRADBOOK_STEP_MULTIPLY = 5,
    GRADBOOK_STEP_NEGATE = 6,
    /// A function of one number other than log (which may complete a stable form, and is read from the node).
    GRADBOOK_STEP_FUNCTION = 7,
};
/// Serials per block given back as one: 2 MiB of entries, one large page (see CreationRecord.c).
#define GRADBOOK_CREATION_BLOCK_SHIFT 16

/// The entries, by serial (NULL when the address space could not be reserved: everything then walks the nodes).
extern gradbook_creation_entry *gradbook_creation_entries;
/// How many serials the record holds; a node with a larger serial is not recorded.
extern int64_t gradbook_creation_capacity;
/// Per block, how many of its nodes have died.
extern uint32_t *gradbook_creation_deaths;

/// Gives a block's memory back to the system (every node in it has died).
void gradbook_creation_release_block(int64_t block);

static inline gradbook_creation_entry *gradbook_creation_record(void) { return gradbook_creation_entries; }
static inline int64_t gradbook_creation_record_capacity(void) { return gradbook_creation_capacity; }

/// Writes a new node's entry (to memory no other thread writes: serials are handed out once).
static inline void gradbook_note_creation(int64_t serial, const void *node, double value, uint32_t first_distance,
                                          uint32_t second_distance, uint32_t graph_size, uint8_t step, uint8_t function) {
    if (serial < gradbook_creation_capacity) {
        gradbook_creation_entry *entry = gradbook_creation_entries + serial;
        entry->node = node;
        entry->value = value;
        entry->first_distance = first_distance;
        entry->second_distance = second_distance;
        entry->graph_size = graph_size;
        entry->step = step;
        entry->function = function;
        entry->labelled = 0;
        entry->unused = 0;
    }
}

/// Notes that the node of `serial` (alive, so its entry is too) has been named after a binding.
static inline void gradbook_note_label(int64_t serial) {
    if (serial < gradbook_creation_capacity) gradbook_creation_entries[serial].labelled = 1;
}

/// The graph size written for `serial`, or UINT32_MAX for a serial past the record.
static inline uint32_t gradbook_recorded_graph_size(int64_t serial) {
    return serial < gradbook_creation_capacity ? gradbook_creation_entries[serial].graph_size : UINT32_MAX;
}

/// Counts a node's death; the last of a block gives the block back. (In CreationRecord.c, which is compiled knowing
/// whether this is a release build.)
void gradbook_note_death(int64_t serial);

/// Starts loading what a walk will read of the node at `node` (its first 64 bytes), without waiting for it.
static inline void gradbook_prefetch_node(const void *node) {
    __builtin_prefetch(node);
    __builtin_prefetch((const char *)node + 63);
}

/// Starts loading an entry of the record.
static inline void gradbook_prefetch_entry(const gradbook_creation_entry *entry) {
    __builtin_prefetch(entry);
}

/// Starts loading the cache line at `address`, to be written.
static inline void gradbook_prefetch_for_writing(const void *address) {
    __builtin_prefetch(address, 1);
}

#endif
