/* NOT the Arduino core's header: a minimal stand-in written for tinyops' tests, declaring
 * what the generated example sketch uses (Serial, delay, micros), so the sketch compiles with
 * arm-none-eabi-g++ -Wall -Wextra -Werror without an Arduino core. */
#ifndef TINYOPS_TEST_STAND_IN_ARDUINO_H
#define TINYOPS_TEST_STAND_IN_ARDUINO_H

#include <stddef.h>
#include <stdint.h>

class StandInSerial {
 public:
  void begin(unsigned long baud) { baud_ = baud; }
  operator bool() const { return true; }
  size_t print(const char* text) { return text == 0 ? 0 : 1; }
  size_t print(long value) { return value != 0 ? 1 : 0; }
  size_t println(const char* text) { return print(text) + 1; }
  size_t write(const char* buffer, size_t size) { return buffer == 0 ? 0 : size; }

 private:
  unsigned long baud_ = 0;
};

extern StandInSerial Serial;
void delay(unsigned long ms);
unsigned long micros(void);

#endif
