package lib

//go:noinline
func F() int { return 3 }
