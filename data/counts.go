package data

import (
	"context"
	"fmt"
	"sync"
)

// countCache remembers how many activities a filter matched, for as long as
// nobody has committed a change to the file since. The ledger shows "共 N
// 条" beside every page, and counting is most of a page's cost at 100,000
// activities (SQLite takes 3 ms to count 100,000 index entries, 19 ms for
// a filter no index leads with) while turning pages or sorting keeps the
// same filter. Whether the file changed is asked of the database itself
// (changeWatch, sqlite.go), so writes by this store, a second window or
// another program all empty the cache.
type countCache struct {
	watch *changeWatch

	mu      sync.Mutex
	version int64
	counts  map[string]int64
}

// countCacheSize bounds the filters remembered; past it they are forgotten
// all at once (a coordinator uses a handful at a time).
const countCacheSize = 64

// count returns the count query's answer, from the cache when the file is
// unchanged since it was counted. The version is read before counting, so
// a commit that lands meanwhile makes the next call count again.
func (c *countCache) count(ctx context.Context, st *Store, sql string, args []any) (int64, error) {
	if c == nil {
		return st.countRows(ctx, sql, args)
	}
	v, err := c.watch.version(ctx)
	if err != nil { // cannot tell whether the file changed: count
		return st.countRows(ctx, sql, args)
	}
	key := sql + fmt.Sprintf("\x00%#v", args)
	c.mu.Lock()
	if v != c.version {
		c.version, c.counts = v, nil
	}
	n, ok := c.counts[key]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	if n, err = st.countRows(ctx, sql, args); err != nil {
		return 0, err
	}
	c.mu.Lock()
	if v == c.version {
		if c.counts == nil || len(c.counts) >= countCacheSize {
			c.counts = make(map[string]int64)
		}
		c.counts[key] = n
	}
	c.mu.Unlock()
	return n, nil
}

func (st *Store) countRows(ctx context.Context, sql string, args []any) (int64, error) {
	var n int64
	err := st.db.WithContext(ctx).Raw(sql, args...).Scan(&n).Error
	return n, err
}

func (c *countCache) close() error {
	if c == nil {
		return nil
	}
	return c.watch.close()
}
