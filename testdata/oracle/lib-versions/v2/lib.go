package lib

//go:noinline
func F() int { return 1 }

// G is new.
func G() int { return 2 }
