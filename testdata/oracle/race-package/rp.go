// Compiled with -race (the go command's -gcflags=-race on one package);
// the program is linked without -race, so the runtime defines none of the
// race builtins the instrumented code calls (Go issue 42396).

package rp

//go:noinline
func Callee(p *int) int { return *p + 1 }
