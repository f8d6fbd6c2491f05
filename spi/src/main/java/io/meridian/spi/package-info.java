package io.meridian.spi;
