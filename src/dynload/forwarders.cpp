// The HarfBuzz, hb-subset and FreeType functions cvpdf (with its static fontconfig, its tests
// and its benchmark) calls, each opening its library on first use (dynload.hpp). Compiled
// only with CVPDF_LAZY_LIBS. Each definition must match the library header's declaration,
// which the compiler checks: a wrong parameter list is a conflicting declaration of a C
// function, a wrong return type an error too. A call to a function missing here fails to
// link; add its line.
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_BDF_H
#include FT_MULTIPLE_MASTERS_H
#include FT_SFNT_NAMES_H
#include FT_TRUETYPE_TABLES_H
#include FT_TYPE1_TABLES_H
#include FT_FONT_FORMATS_H
#include FT_ADVANCES_H
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include "dynload/dynload.hpp"

// The library's function, looked up once; its type is the header's.
#define CVPDF_FORWARD(lib, ret, name, params, args)                                                  \
    extern "C" ret name params {                                                                     \
        static const auto fn = reinterpret_cast<decltype(&::name)>(                                  \
            cvpdf::dynload::symbol(cvpdf::dynload::lib, #name));                                     \
        return fn args;                                                                              \
    }

// HarfBuzz
CVPDF_FORWARD(kHarfBuzz, hb_blob_t *, hb_blob_create, (const char *data, unsigned int length, hb_memory_mode_t mode, void *user_data, hb_destroy_func_t destroy), (data, length, mode, user_data, destroy))
CVPDF_FORWARD(kHarfBuzz, hb_blob_t *, hb_blob_create_or_fail, (const char *data, unsigned int length, hb_memory_mode_t mode, void *user_data, hb_destroy_func_t destroy), (data, length, mode, user_data, destroy))
CVPDF_FORWARD(kHarfBuzz, void, hb_blob_destroy, (hb_blob_t *blob), (blob))
CVPDF_FORWARD(kHarfBuzz, const char *, hb_blob_get_data, (hb_blob_t *blob, unsigned int *length), (blob, length))
CVPDF_FORWARD(kHarfBuzz, hb_blob_t *, hb_blob_get_empty, (void), ())
CVPDF_FORWARD(kHarfBuzz, unsigned int, hb_blob_get_length, (hb_blob_t *blob), (blob))
CVPDF_FORWARD(kHarfBuzz, hb_blob_t *, hb_blob_reference, (hb_blob_t *blob), (blob))
CVPDF_FORWARD(kHarfBuzz, void, hb_buffer_add_utf8, (hb_buffer_t *buffer, const char *text, int text_length, unsigned int item_offset, int item_length), (buffer, text, text_length, item_offset, item_length))
CVPDF_FORWARD(kHarfBuzz, void, hb_buffer_clear_contents, (hb_buffer_t *buffer), (buffer))
CVPDF_FORWARD(kHarfBuzz, hb_buffer_t *, hb_buffer_create, (void), ())
CVPDF_FORWARD(kHarfBuzz, void, hb_buffer_destroy, (hb_buffer_t *buffer), (buffer))
CVPDF_FORWARD(kHarfBuzz, hb_glyph_info_t *, hb_buffer_get_glyph_infos, (hb_buffer_t *buffer, unsigned int *length), (buffer, length))
CVPDF_FORWARD(kHarfBuzz, hb_glyph_position_t *, hb_buffer_get_glyph_positions, (hb_buffer_t *buffer, unsigned int *length), (buffer, length))
CVPDF_FORWARD(kHarfBuzz, void, hb_buffer_guess_segment_properties, (hb_buffer_t *buffer), (buffer))
CVPDF_FORWARD(kHarfBuzz, void, hb_buffer_set_language, (hb_buffer_t *buffer, hb_language_t language), (buffer, language))
CVPDF_FORWARD(kHarfBuzz, unsigned int, hb_face_count, (hb_blob_t *blob), (blob))
CVPDF_FORWARD(kHarfBuzz, hb_face_t *, hb_face_create, (hb_blob_t *blob, unsigned int index), (blob, index))
CVPDF_FORWARD(kHarfBuzz, hb_face_t *, hb_face_create_for_tables, (hb_reference_table_func_t reference_table_func, void *user_data, hb_destroy_func_t destroy), (reference_table_func, user_data, destroy))
CVPDF_FORWARD(kHarfBuzz, void, hb_face_destroy, (hb_face_t *face), (face))
CVPDF_FORWARD(kHarfBuzz, unsigned int, hb_face_get_glyph_count, (const hb_face_t *face), (face))
CVPDF_FORWARD(kHarfBuzz, unsigned int, hb_face_get_upem, (const hb_face_t *face), (face))
CVPDF_FORWARD(kHarfBuzz, hb_face_t *, hb_face_reference, (hb_face_t *face), (face))
CVPDF_FORWARD(kHarfBuzz, hb_blob_t *, hb_face_reference_blob, (hb_face_t *face), (face))
CVPDF_FORWARD(kHarfBuzz, hb_blob_t *, hb_face_reference_table, (const hb_face_t *face, hb_tag_t tag), (face, tag))
CVPDF_FORWARD(kHarfBuzz, void, hb_face_set_glyph_count, (hb_face_t *face, unsigned int glyph_count), (face, glyph_count))
CVPDF_FORWARD(kHarfBuzz, void, hb_face_set_index, (hb_face_t *face, unsigned int index), (face, index))
CVPDF_FORWARD(kHarfBuzz, void, hb_face_set_upem, (hb_face_t *face, unsigned int upem), (face, upem))
CVPDF_FORWARD(kHarfBuzz, hb_bool_t, hb_feature_from_string, (const char *str, int len, hb_feature_t *feature), (str, len, feature))
CVPDF_FORWARD(kHarfBuzz, hb_font_t *, hb_font_create, (hb_face_t *face), (face))
CVPDF_FORWARD(kHarfBuzz, void, hb_font_destroy, (hb_font_t *font), (font))
CVPDF_FORWARD(kHarfBuzz, hb_face_t *, hb_font_get_face, (hb_font_t *font), (font))
CVPDF_FORWARD(kHarfBuzz, hb_bool_t, hb_font_get_glyph_extents, (hb_font_t *font, hb_codepoint_t glyph, hb_glyph_extents_t *extents), (font, glyph, extents))
CVPDF_FORWARD(kHarfBuzz, hb_position_t, hb_font_get_glyph_h_advance, (hb_font_t *font, hb_codepoint_t glyph), (font, glyph))
CVPDF_FORWARD(kHarfBuzz, hb_bool_t, hb_font_get_h_extents, (hb_font_t *font, hb_font_extents_t *extents), (font, extents))
CVPDF_FORWARD(kHarfBuzz, hb_bool_t, hb_font_get_nominal_glyph, (hb_font_t *font, hb_codepoint_t unicode, hb_codepoint_t *glyph), (font, unicode, glyph))
CVPDF_FORWARD(kHarfBuzz, hb_font_t *, hb_font_reference, (hb_font_t *font), (font))
CVPDF_FORWARD(kHarfBuzz, void, hb_font_set_scale, (hb_font_t *font, int x_scale, int y_scale), (font, x_scale, y_scale))
CVPDF_FORWARD(kHarfBuzz, hb_language_t, hb_language_from_string, (const char *str, int len), (str, len))
CVPDF_FORWARD(kHarfBuzz, hb_codepoint_t, hb_map_get, (const hb_map_t *map, hb_codepoint_t key), (map, key))
CVPDF_FORWARD(kHarfBuzz, void, hb_ot_font_set_funcs, (hb_font_t *font), (font))
CVPDF_FORWARD(kHarfBuzz, hb_bool_t, hb_ot_layout_language_find_feature, (hb_face_t *face, hb_tag_t table_tag, unsigned int script_index, unsigned int language_index, hb_tag_t feature_tag, unsigned int *feature_index), (face, table_tag, script_index, language_index, feature_tag, feature_index))
CVPDF_FORWARD(kHarfBuzz, unsigned int, hb_ot_layout_table_get_feature_tags, (hb_face_t *face, hb_tag_t table_tag, unsigned int start_offset, unsigned int *feature_count , hb_tag_t *feature_tags), (face, table_tag, start_offset, feature_count, feature_tags))
CVPDF_FORWARD(kHarfBuzz, hb_position_t, hb_ot_math_get_constant, (hb_font_t *font, hb_ot_math_constant_t constant), (font, constant))
CVPDF_FORWARD(kHarfBuzz, unsigned int, hb_ot_math_get_glyph_variants, (hb_font_t *font, hb_codepoint_t glyph, hb_direction_t direction, unsigned int start_offset, unsigned int *variants_count, hb_ot_math_glyph_variant_t *variants), (font, glyph, direction, start_offset, variants_count, variants))
CVPDF_FORWARD(kHarfBuzz, hb_bool_t, hb_ot_math_has_data, (hb_face_t *face), (face))
CVPDF_FORWARD(kHarfBuzz, hb_bool_t, hb_ot_metrics_get_position, (hb_font_t *font, hb_ot_metrics_tag_t metrics_tag, hb_position_t *position), (font, metrics_tag, position))
CVPDF_FORWARD(kHarfBuzz, unsigned int, hb_ot_name_get_utf8, (hb_face_t *face, hb_ot_name_id_t name_id, hb_language_t language, unsigned int *text_size , char *text), (face, name_id, language, text_size, text))
CVPDF_FORWARD(kHarfBuzz, void, hb_set_add, (hb_set_t *set, hb_codepoint_t codepoint), (set, codepoint))
CVPDF_FORWARD(kHarfBuzz, void, hb_set_clear, (hb_set_t *set), (set))
CVPDF_FORWARD(kHarfBuzz, void, hb_shape, (hb_font_t *font, hb_buffer_t *buffer, const hb_feature_t *features, unsigned int num_features), (font, buffer, features, num_features))
CVPDF_FORWARD(kHarfBuzz, float, hb_style_get_value, (hb_font_t *font, hb_style_tag_t style_tag), (font, style_tag))
CVPDF_FORWARD(kHarfBuzz, hb_tag_t, hb_tag_from_string, (const char *str, int len), (str, len))

// hb-subset
CVPDF_FORWARD(kSubset, hb_subset_input_t *, hb_subset_input_create_or_fail, (void), ())
CVPDF_FORWARD(kSubset, void, hb_subset_input_destroy, (hb_subset_input_t *input), (input))
CVPDF_FORWARD(kSubset, hb_set_t *, hb_subset_input_glyph_set, (hb_subset_input_t *input), (input))
CVPDF_FORWARD(kSubset, hb_set_t *, hb_subset_input_set, (hb_subset_input_t *input, hb_subset_sets_t set_type), (input, set_type))
CVPDF_FORWARD(kSubset, void, hb_subset_input_set_flags, (hb_subset_input_t *input, unsigned value), (input, value))
CVPDF_FORWARD(kSubset, hb_subset_plan_t *, hb_subset_plan_create_or_fail, (hb_face_t *face, const hb_subset_input_t *input), (face, input))
CVPDF_FORWARD(kSubset, void, hb_subset_plan_destroy, (hb_subset_plan_t *plan), (plan))
CVPDF_FORWARD(kSubset, hb_face_t *, hb_subset_plan_execute_or_fail, (hb_subset_plan_t *plan), (plan))
CVPDF_FORWARD(kSubset, const hb_map_t*, hb_subset_plan_old_to_new_glyph_mapping, (const hb_subset_plan_t *plan), (plan))
CVPDF_FORWARD(kSubset, hb_face_t *, hb_subset_preprocess, (hb_face_t *source), (source))

// FreeType, for fontconfig
CVPDF_FORWARD(kFreeType, FT_Error, FT_Done_Face, (FT_Face face), (face))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Done_FreeType, (FT_Library library), (library))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Done_MM_Var, (FT_Library library, FT_MM_Var *amaster), (library, amaster))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Get_Advance, (FT_Face face, FT_UInt gindex, FT_Int32 load_flags, FT_Fixed *padvance), (face, gindex, load_flags, padvance))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Get_BDF_Property, (FT_Face face, const char* prop_name, BDF_PropertyRec *aproperty), (face, prop_name, aproperty))
CVPDF_FORWARD(kFreeType, FT_UInt, FT_Get_Char_Index, (FT_Face face, FT_ULong charcode), (face, charcode))
CVPDF_FORWARD(kFreeType, FT_ULong, FT_Get_First_Char, (FT_Face face, FT_UInt *agindex), (face, agindex))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Get_MM_Var, (FT_Face face, FT_MM_Var* *amaster), (face, amaster))
CVPDF_FORWARD(kFreeType, FT_ULong, FT_Get_Next_Char, (FT_Face face, FT_ULong char_code, FT_UInt *agindex), (face, char_code, agindex))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Get_PS_Font_Info, (FT_Face face, PS_FontInfo afont_info), (face, afont_info))
CVPDF_FORWARD(kFreeType, const char*, FT_Get_Postscript_Name, (FT_Face face), (face))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Get_Sfnt_Name, (FT_Face face, FT_UInt idx, FT_SfntName *aname), (face, idx, aname))
CVPDF_FORWARD(kFreeType, FT_UInt, FT_Get_Sfnt_Name_Count, (FT_Face face), (face))
CVPDF_FORWARD(kFreeType, void*, FT_Get_Sfnt_Table, (FT_Face face, FT_Sfnt_Tag tag), (face, tag))
CVPDF_FORWARD(kFreeType, const char*, FT_Get_X11_Font_Format, (FT_Face face), (face))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Init_FreeType, (FT_Library *alibrary), (alibrary))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Load_Glyph, (FT_Face face, FT_UInt glyph_index, FT_Int32 load_flags), (face, glyph_index, load_flags))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Load_Sfnt_Table, (FT_Face face, FT_ULong tag, FT_Long offset, FT_Byte* buffer, FT_ULong* length), (face, tag, offset, buffer, length))
CVPDF_FORWARD(kFreeType, FT_Error, FT_New_Face, (FT_Library library, const char* filepathname, FT_Long face_index, FT_Face *aface), (library, filepathname, face_index, aface))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Select_Charmap, (FT_Face face, FT_Encoding encoding), (face, encoding))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Select_Size, (FT_Face face, FT_Int strike_index), (face, strike_index))
CVPDF_FORWARD(kFreeType, FT_Error, FT_Set_Var_Design_Coordinates, (FT_Face face, FT_UInt num_coords, FT_Fixed* coords), (face, num_coords, coords))
