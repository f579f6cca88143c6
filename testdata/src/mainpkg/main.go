// Command mainpkg imports the other fixture packages.
package main

import (
	"fmt"

	dotted "example.com/m/dotted.v2"
	"example.com/m/plain"
)

func main() {
	var c plain.Counter
	fmt.Println(plain.Shout("hi", c.Add(2)), dotted.V(), plain.Sum())
}
