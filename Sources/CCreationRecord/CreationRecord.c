// Reserving the creation record (see include/CreationRecord.h).

#include "CreationRecord.h"

#include <sys/mman.h>
#include <sys/resource.h>

gradbook_creation_entry *gradbook_creation_entries = 0;
int64_t gradbook_creation_capacity = 0;
uint32_t *gradbook_creation_deaths = 0;

/// 2^32 serials: 128 GiB of address space, of which only the blocks with living nodes are ever backed by memory.
/// A session that makes more nodes than that walks the newer ones node by node, as before the record; so does one
/// where the system refuses the reservation (strict overcommit, valgrind).
static const int64_t reserved_serials = (int64_t)1 << 32;

#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif

/// Reserved before main, so that writing an entry needs no check that it was (a check on every node made).
__attribute__((constructor))
static void reserve_creation_record(void) {
    int64_t serials = reserved_serials;
    // Under a limit on address space (ulimit -v), a reservation this large would leave the rest of the program
    // too little: take an eighth of the limit at most, and do without the record if that is small.
    struct rlimit limit;
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        int64_t affordable = (int64_t)(limit.rlim_cur / 8 / sizeof(gradbook_creation_entry));
        affordable &= ~(((int64_t)1 << GRADBOOK_CREATION_BLOCK_SHIFT) - 1);
        if (affordable < serials) serials = affordable;
        if (serials < ((int64_t)1 << 20)) return;
    }
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    void *entries = mmap(0, (size_t)serials * sizeof(gradbook_creation_entry), PROT_READ | PROT_WRITE, flags, -1, 0);
    if (entries == MAP_FAILED) return;
#ifdef MADV_HUGEPAGE
    // On 2 MiB pages where the system gives them on request: a loop writes an entry for every node it makes, and
    // the first write to each 4 KiB page was a fault (128 nodes a fault, a tenth of a loop's time). A block is one
    // such page, given back whole.
    madvise(entries, (size_t)serials * sizeof(gradbook_creation_entry), MADV_HUGEPAGE);
#endif
    size_t blocks = (size_t)(serials >> GRADBOOK_CREATION_BLOCK_SHIFT);
    void *deaths = mmap(0, blocks * sizeof(uint32_t), PROT_READ | PROT_WRITE, flags, -1, 0);
    if (deaths == MAP_FAILED) {
        munmap(entries, (size_t)serials * sizeof(gradbook_creation_entry));
        return;
    }
    gradbook_creation_entries = entries;
    gradbook_creation_deaths = deaths;
    gradbook_creation_capacity = serials;
}

void gradbook_creation_release_block(int64_t block) {
    size_t serials = (size_t)1 << GRADBOOK_CREATION_BLOCK_SHIFT;
    // Its entries are of dead nodes only, which no walk reaches: only living nodes lead to entries, and a block is
    // given back once all its nodes are dead. (On Linux the pages then read as zero, entries of no node.)
    madvise(gradbook_creation_entries + block * (int64_t)serials, serials * sizeof(gradbook_creation_entry), MADV_DONTNEED);
}

/// Counts atomically where nodes may die on several threads at once (the tests). A release build of gradbook counts
/// references without atomic instructions already (-assume-single-threaded, Package.swift), which is sound only
/// while no two threads let go of nodes at once; its count here is plain too (`GRADBOOK_NODES_ON_ONE_THREAD`).
void gradbook_note_death(int64_t serial) {
    if (serial < gradbook_creation_capacity) {
        int64_t block = serial >> GRADBOOK_CREATION_BLOCK_SHIFT;
#ifdef GRADBOOK_NODES_ON_ONE_THREAD
        uint32_t deaths = ++gradbook_creation_deaths[block];
#else
        uint32_t deaths = __atomic_add_fetch(gradbook_creation_deaths + block, 1, __ATOMIC_RELAXED);
#endif
        if (deaths == (1u << GRADBOOK_CREATION_BLOCK_SHIFT)) gradbook_creation_release_block(block);
    }
}

// Sixteen entries to a 512-byte stretch, 65,536 to a 2 MiB block: the layout the comments above count on.
_Static_assert(sizeof(gradbook_creation_entry) == 32, "a creation entry is 32 bytes");
