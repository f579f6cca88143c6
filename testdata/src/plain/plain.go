// Package plain is ordinary Go: functions, methods, data and a closure.
package plain

import "strings"

// Counter counts.
type Counter struct{ n int }

// Add adds.
func (c *Counter) Add(d int) int { c.n += d; return c.n }

// Greeting is initialised data.
var Greeting = "hello"

var table = [4]int{1, 2, 3, 5}

// Shout upper-cases and repeats.
func Shout(s string, n int) string {
	f := func(x string) string { return strings.ToUpper(x) + "!" }
	return strings.Repeat(f(s), n) + Greeting
}

// Sum adds the table.
func Sum() (t int) {
	for _, v := range table {
		t += v
	}
	return
}
