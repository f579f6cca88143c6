// Package dotted has a dot in the last element of its import path.
package dotted

// Version is data.
var Version = 2

// V returns the version.
func V() int { return Version }
