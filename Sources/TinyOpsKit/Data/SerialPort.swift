#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A serial port (or any TTY: a USB CDC-ACM board at /dev/ttyACM0, a pseudo-terminal)
/// opened for reading raw bytes.
///
/// The line is put in raw mode (`cfmakeraw`: no echo, no line editing, no CR/LF translation,
/// 8 data bits, no parity), with the receiver enabled and modem control lines ignored
/// (`CREAD | CLOCAL`), at the given speed in both directions.
struct SerialPort: ~Copyable {
    let descriptor: Int32
    let device: String

    /// The speeds termios can set, by baud rate.
    static let speeds: [Int: speed_t] = {
        var table: [Int: speed_t] = [
            1200: speed_t(B1200), 2400: speed_t(B2400), 4800: speed_t(B4800), 9600: speed_t(B9600),
            19200: speed_t(B19200), 38400: speed_t(B38400), 57600: speed_t(B57600),
            115200: speed_t(B115200), 230400: speed_t(B230400),
        ]
        #if os(Linux)
        table[460800] = speed_t(B460800)
        table[500000] = speed_t(B500000)
        table[576000] = speed_t(B576000)
        table[921600] = speed_t(B921600)
        table[1000000] = speed_t(B1000000)
        table[1500000] = speed_t(B1500000)
        table[2000000] = speed_t(B2000000)
        #endif
        return table
    }()

    static var supportedBauds: [Int] { speeds.keys.sorted() }

    init(device: String, baud: Int) throws(DatasetError) {
        guard let speed = Self.speeds[baud] else { throw .unsupportedBaud(baud) }
        let descriptor = open(device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .serialOpen(device: device, reason: Self.reason(errno)) }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw .serialConfigure(device: device, reason: code == ENOTTY ? "not a terminal device" : Self.reason(code))
        }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CREAD | CLOCAL)
        // Reads never wait inside the kernel: the capture loop waits with poll(2).
        withUnsafeMutableBytes(of: &settings.c_cc) { controls in
            controls[Int(VMIN)] = 0
            controls[Int(VTIME)] = 0
        }
        guard cfsetispeed(&settings, speed) == 0, cfsetospeed(&settings, speed) == 0,
              tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
            let code = errno
            close(descriptor)
            throw .serialConfigure(device: device, reason: Self.reason(code))
        }
        self.descriptor = descriptor
        self.device = device
    }

    deinit {
        close(descriptor)
    }

    enum ReadResult {
        case bytes(Int)
        /// Nothing arrived before the timeout.
        case timeout
        /// The other end hung up (the board was unplugged, the pseudo-terminal's master closed).
        case closed
    }

    /// Waits up to `timeout` milliseconds for input, then reads what is there into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer, timeout: Int32) throws(DatasetError) -> ReadResult {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, timeout)
        if ready < 0 {
            if errno == EINTR { return .timeout }
            throw .serialRead(device: device, reason: Self.reason(errno))
        }
        if ready == 0 { return .timeout }
        let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
        if count > 0 { return .bytes(count) }
        if count == 0 { return .closed }
        switch errno {
        case EAGAIN, EINTR: return .timeout
        case EIO: return .closed  // Linux reports a hung-up TTY as EIO
        default: throw .serialRead(device: device, reason: Self.reason(errno))
        }
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// `read(2)`, reachable inside `SerialPort` whose `read` shadows it.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
