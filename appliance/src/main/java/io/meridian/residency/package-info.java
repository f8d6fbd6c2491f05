/**
 * Reading across legal regions: what an agent of one region may read of conversations homed in another
 * ({@link io.meridian.residency.CrossRegionPolicy}, {@link io.meridian.residency.Masking}), answered by the home
 * region's node ({@link io.meridian.residency.HomeRegionReads}), asked through the API
 * ({@link io.meridian.residency.RegionApi}), and recorded there ({@link io.meridian.residency.CrossRegionReads}).
 * Where a web visitor is served is the widget's relay (package {@code widget}); docs/cluster.md.
 */
package io.meridian.residency;
