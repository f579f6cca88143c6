// A program over real third-party packages from Debian's golang-*-dev
// (GOPATH mode): compression with assembly (klauspost/compress, brotli),
// x/crypto with assembly, linkname users (goccy/go-json, json-iterator,
// reflect2) and fasthttp. tests/forecast_thirdparty.rs builds it with
// every toolchain and forecasts every older build for every newer one.

package main

import (
	"bytes"
	"fmt"

	"github.com/andybalholm/brotli"
	gojson "github.com/goccy/go-json"
	jsoniter "github.com/json-iterator/go"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	"github.com/modern-go/reflect2"
	"github.com/valyala/fasthttp"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/chacha20poly1305"
)

func main() {
	var b bytes.Buffer
	w := brotli.NewWriter(&b)
	w.Write([]byte("hello"))
	w.Close()
	e, _ := zstd.NewWriter(nil)
	fmt.Println(len(e.EncodeAll([]byte("x"), nil)))
	out, _ := gojson.Marshal(map[string]int{"a": 1})
	fmt.Println(string(out))
	s, _ := jsoniter.MarshalToString([]int{1})
	fmt.Println(s, reflect2.TypeOf(1).String())
	a, _ := chacha20poly1305.New(make([]byte, 32))
	fmt.Println(a.NonceSize(), blake2b.Sum256(nil))
	var req fasthttp.Request
	req.SetRequestURI("http://x/")
	fmt.Println(req.String(), len(s2.Encode(nil, []byte("a"))), argon2.IDKey(nil, nil, 1, 8, 1, 4))
}
