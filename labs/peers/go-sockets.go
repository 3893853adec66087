// Go peer for the go-sockets lab: what Go's net package does with Unix sockets.
//
//	go-sockets types DIR     listen on DIR/<network>.sock with "unix", "unixgram" and
//	                         "unixpacket"; print one JSON object: network -> SO_TYPE name
//	go-sockets abstract NAME net.Listen("unix", "@NAME"); print "READY <addr>", then
//	                         echo every connection until killed
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

func typeName(conn syscall.Conn) string {
	raw, err := conn.SyscallConn()
	if err != nil {
		return "error: " + err.Error()
	}
	soType := -1
	raw.Control(func(fd uintptr) {
		soType, _ = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TYPE)
	})
	switch soType {
	case syscall.SOCK_STREAM:
		return "SOCK_STREAM"
	case syscall.SOCK_DGRAM:
		return "SOCK_DGRAM"
	case syscall.SOCK_SEQPACKET:
		return "SOCK_SEQPACKET"
	}
	return fmt.Sprintf("type %d", soType)
}

func types(dir string) {
	result := map[string]string{}
	for _, network := range []string{"unix", "unixpacket"} {
		path := filepath.Join(dir, network+".sock")
		listener, err := net.Listen(network, path)
		if err != nil {
			result[network] = "error: " + err.Error()
			continue
		}
		result[network] = typeName(listener.(*net.UnixListener))
		listener.Close() // a Go UnixListener unlinks the file it created
	}
	path := filepath.Join(dir, "unixgram.sock")
	conn, err := net.ListenPacket("unixgram", path)
	if err != nil {
		result["unixgram"] = "error: " + err.Error()
	} else {
		result["unixgram"] = typeName(conn.(*net.UnixConn))
		conn.Close()
		os.Remove(path) // a datagram socket's file stays after close
	}
	json.NewEncoder(os.Stdout).Encode(result)
}

func abstract(name string) {
	listener, err := net.Listen("unix", "@"+name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("READY", listener.Addr().String())
	for {
		conn, err := listener.Accept()
		if err != nil {
			return
		}
		go func() {
			io.Copy(conn, conn)
			conn.Close()
		}()
	}
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go-sockets types DIR | abstract NAME")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "types":
		types(os.Args[2])
	case "abstract":
		abstract(os.Args[2])
	default:
		os.Exit(2)
	}
}
